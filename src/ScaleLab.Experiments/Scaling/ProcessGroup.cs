using System.Globalization;

namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// A <c>--cmd</c> copy's process group: the lab's launcher starts every child in a session of its own (setsid), so
/// the copy's pid is its group's id and whatever it forks (a shell's commands, nginx's workers) stays in the group.
/// </summary>
internal static class ProcessGroup
{
    public const int SigKill = 9;

    /// <summary>Signals every process of the group; false when none is left.</summary>
    public static bool Signal(int processGroup, int signal) => processGroup > 0 && Interop.Kill(-processGroup, signal) == 0;

    /// <summary>The live processes of a group, from /proc/PID/stat (field 5, after the parenthesised name).</summary>
    public static IReadOnlyList<int> Members(int processGroup)
    {
        var members = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // fields[0] is the state, [2] the process group.
                if (fields[0] != "Z" && int.Parse(fields[2], CultureInfo.InvariantCulture) == processGroup)
                {
                    members.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // Gone while we looked.
            }
        }

        return members;
    }
}
