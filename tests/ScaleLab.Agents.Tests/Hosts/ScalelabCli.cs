namespace ScaleLab.Agents.Tests.Hosts;

/// <summary>
/// The real scalelab CLI built next to these tests (<c>src/ScaleLab.Cli/bin/CONFIG/net10.0/scalelab.dll</c>, or
/// <c>$SCALELAB_CLI_DLL</c>), as an executable and its first arguments: the agents, the target and the coordinator
/// of the tests across hosts are its <c>agent</c>, <c>target</c> and <c>run</c> commands.
/// </summary>
internal static class ScalelabCli
{
    private static readonly Lazy<string> Located = new(Locate);

    /// <summary>The dotnet host: the one that runs these tests when the SDK says so, else the one on PATH.</summary>
    public static string Executable =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The arguments of <see cref="Executable"/> that run <c>scalelab ARGUMENTS</c>.</summary>
    public static IReadOnlyList<string> Arguments(params string[] arguments) => [Located.Value, .. arguments];

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
