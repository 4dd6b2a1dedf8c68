using ScaleLab.Lab.Processes;

namespace ScaleLab.Experiments.Tests.Support;

/// <summary>
/// The real scalelab CLI built next to these tests (<c>src/ScaleLab.Cli/bin/CONFIG/net10.0/scalelab.dll</c>, or
/// <c>$SCALELAB_CLI_DLL</c>): the lab's processes are its <c>lab up</c>, <c>lab store</c> and <c>lab replica</c> commands.
/// </summary>
internal static class ScalelabCli
{
    private static readonly Lazy<string> Located = new(Locate);

    public static IReadOnlyList<string> Command(params string[] arguments) => [.. ProcessCommand.ForPath(Located.Value), .. arguments];

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
