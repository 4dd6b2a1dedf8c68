using System.Reflection;

namespace ScaleLab.Lab.Processes;

/// <summary>How to run a .NET program again as a child process: the apphost as is, or <c>dotnet</c> with the dll first.</summary>
public static class ProcessCommand
{
    /// <summary>
    /// The command of the current process: <see cref="Environment.ProcessPath"/>, and, when that is the <c>dotnet</c>
    /// host (<c>dotnet scalelab.dll …</c>), the entry assembly's path after it.
    /// </summary>
    public static IReadOnlyList<string> ForCurrentProcess()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        if (!IsDotnetHost(process))
        {
            return [process];
        }

        var entry = Assembly.GetEntryAssembly()?.Location;
        return string.IsNullOrEmpty(entry)
            ? throw new InvalidOperationException("running under dotnet, but the entry assembly's path is unknown")
            : [process, entry];
    }

    /// <summary>The command for a given scalelab.dll or apphost (tests start the built CLI this way).</summary>
    public static IReadOnlyList<string> ForPath(string path) =>
        path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? [DotnetHost(), path] : [path];

    private static bool IsDotnetHost(string path) =>
        Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);

    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && IsDotnetHost(current))
        {
            return current;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        return root is not null && File.Exists(Path.Combine(root, "dotnet")) ? Path.Combine(root, "dotnet") : "dotnet";
    }
}
