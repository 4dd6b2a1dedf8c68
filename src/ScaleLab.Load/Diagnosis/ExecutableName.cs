namespace ScaleLab.Load.Diagnosis;

/// <summary>
/// Whether a process is the program <c>--watch-name NAME</c> names. The name must be the executable's own, exactly:
/// its kernel command name (<c>/proc/PID/comm</c>, which the kernel cuts to 15 characters, so only a name of up to
/// 15 characters can match it), the file name of <c>/proc/PID/exe</c>, or the file name of its first argument
/// (argv[0]); for a .NET app run as <c>dotnet Foo.dll</c> (or <c>dotnet exec … Foo.dll</c>), also the app's name,
/// <c>Foo</c>. Arguments are never matched: <c>timeout 60 scalelab … --watch-name x</c> is not a process named x.
/// </summary>
internal static class ExecutableName
{
    /// <summary>The kernel keeps this many characters of a command name (TASK_COMM_LEN − 1).</summary>
    private const int CommLength = 15;

    public static bool Matches(string name, string? comm, string? exePath, IReadOnlyList<string> argv)
    {
        if (name.Length <= CommLength && comm?.TrimEnd('\n') == name)
        {
            return true;
        }

        var exe = exePath is null ? null : Path.GetFileName(exePath.EndsWith(" (deleted)", StringComparison.Ordinal) ? exePath[..^10] : exePath);
        var first = argv.Count > 0 ? Path.GetFileName(argv[0]) : null;
        if (exe == name || first == name)
        {
            return true;
        }

        return (exe == "dotnet" || first == "dotnet") && DotnetApp(argv) == name;
    }

    /// <summary>The app a <c>dotnet</c> host runs: the first .dll argument, without its extension.</summary>
    private static string? DotnetApp(IReadOnlyList<string> argv)
    {
        for (var i = 1; i < argv.Count; i++)
        {
            if (argv[i].EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            {
                return Path.GetFileNameWithoutExtension(argv[i]);
            }
        }

        return null;
    }
}
