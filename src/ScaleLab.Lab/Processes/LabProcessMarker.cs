using System.Text;

namespace ScaleLab.Lab.Processes;

/// <summary>
/// Every process a lab run starts carries <c>SCALELAB_LAB_RUN=&lt;run id&gt;</c> in its environment, so that the
/// processes of a run can be found after the fact (a supervisor killed with SIGKILL, a test checking for orphans)
/// without trusting pids, which the kernel reuses.
/// </summary>
internal static class LabProcessMarker
{
    public const string Variable = "SCALELAB_LAB_RUN";

    /// <summary>The pids of live processes whose environment carries this run's marker (zombies excluded).</summary>
    public static IReadOnlyList<int> FindProcesses(string runId)
    {
        var needle = Encoding.UTF8.GetBytes($"{Variable}={runId}\0");
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var environ = File.ReadAllBytes(Path.Combine(directory, "environ"));
                if (environ.AsSpan().IndexOf(needle) >= 0 && !IsZombie(directory))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone while we looked, or not ours to read.
            }
        }

        return found;
    }

    /// <summary>SIGKILLs every process of the run; returns how many there were.</summary>
    public static int KillAll(string runId)
    {
        var pids = FindProcesses(runId);
        foreach (var pid in pids)
        {
            PosixNative.Signal(pid, PosixNative.SigKill);
        }

        return pids.Count;
    }

    private static bool IsZombie(string directory)
    {
        // /proc/PID/stat: "pid (comm) S ..."; comm may hold spaces and parentheses, the state follows the last ')'.
        var stat = File.ReadAllText(Path.Combine(directory, "stat"));
        var close = stat.LastIndexOf(')');
        return close > 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X';
    }
}
