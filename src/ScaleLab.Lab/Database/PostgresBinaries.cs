using System.Globalization;

namespace ScaleLab.Lab.Database;

/// <summary>Debian's PostgreSQL server programs: <c>/usr/lib/postgresql/VERSION/bin</c>, the newest version installed.</summary>
internal static class PostgresBinaries
{
    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>The directory holding <c>initdb</c> and <c>postgres</c>, or null when PostgreSQL's server is not installed.</summary>
    public static string? Find()
    {
        if (!Directory.Exists(DebianRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(DebianRoot)
            .Select(directory => (Directory: Path.Combine(directory, "bin"), Version: Version(Path.GetFileName(directory))))
            .Where(candidate => File.Exists(Path.Combine(candidate.Directory, "initdb")) && File.Exists(Path.Combine(candidate.Directory, "postgres")))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Directory)
            .FirstOrDefault();
    }

    private static double Version(string name) =>
        double.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out var version) ? version : 0;
}
