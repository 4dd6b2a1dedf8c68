namespace ScaleLab.Agents.Tests.Hosts;

/// <summary>
/// The real scalelab CLI (<see cref="BuiltCli"/>) as an executable and its first arguments: the agents, the target
/// and the coordinator of the tests across hosts are its <c>agent</c>, <c>target</c> and <c>run</c> commands.
/// </summary>
internal static class ScalelabCli
{
    /// <summary>The dotnet host: the one that runs these tests when the SDK says so, else the one on PATH.</summary>
    public static string Executable =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The arguments of <see cref="Executable"/> that run <c>scalelab ARGUMENTS</c>.</summary>
    public static IReadOnlyList<string> Arguments(params string[] arguments) => [BuiltCli.DllPath, .. arguments];
}
