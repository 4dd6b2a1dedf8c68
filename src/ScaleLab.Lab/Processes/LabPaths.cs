namespace ScaleLab.Lab.Processes;

/// <summary>Where the lab keeps its state and run directories, and where it finds the programs it starts.</summary>
internal static class LabPaths
{
    /// <summary>
    /// <c>$XDG_RUNTIME_DIR/scalelab-lab</c> when the session has one, else <c>/tmp/scalelab-lab-&lt;uid&gt;</c>:
    /// private to the user (mode 700), one per user so that two users' labs never meet.
    /// </summary>
    public static string Root()
    {
        var runtime = Environment.GetEnvironmentVariable("SCALELAB_LAB_DIR");
        if (string.IsNullOrEmpty(runtime))
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            runtime = !string.IsNullOrEmpty(xdg) && Directory.Exists(xdg)
                ? Path.Combine(xdg, "scalelab-lab")
                : Path.Combine(Path.GetTempPath(), $"scalelab-lab-{PosixNative.UserId()}");
        }

        CreatePrivateDirectory(runtime);
        return runtime;
    }

    /// <summary>Creates a directory (and its parents) readable by its owner only.</summary>
    public static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Makes a file readable and writable by its owner only.</summary>
    public static void MakePrivate(string file)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public static string StateFile(string root) => Path.Combine(root, "state.json");

    public static string? FindOnPath(string program)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
