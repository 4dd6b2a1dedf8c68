namespace ScaleLab.Tests.Support;

/// <summary>
/// The real scalelab CLI built next to these tests: <c>src/ScaleLab.Cli/bin/CONFIG/FRAMEWORK/scalelab.dll</c> of the
/// same configuration and framework as the test host, or <c>$SCALELAB_CLI_DLL</c>.
/// </summary>
internal static class BuiltCli
{
    private static readonly Lazy<string> Located = new(Locate);

    /// <summary>The path of scalelab.dll.</summary>
    /// <exception cref="InvalidOperationException">It is not built.</exception>
    public static string DllPath => Located.Value;

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("SCALELAB_CLI_DLL") is { Length: > 0 } given)
        {
            return given;
        }

        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var directory = new DirectoryInfo(here);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScaleLab.slnx")))
        {
            directory = directory.Parent;
        }

        var framework = Path.GetFileName(here);
        var config = Path.GetFileName(Path.GetDirectoryName(here)!);
        var candidate = directory is null ? "" : Path.Combine(directory.FullName, "src", "ScaleLab.Cli", "bin", config, framework, "scalelab.dll");
        return File.Exists(candidate)
            ? candidate
            : throw new InvalidOperationException($"scalelab.dll is not built ({candidate}): build src/ScaleLab.Cli or set SCALELAB_CLI_DLL");
    }
}
