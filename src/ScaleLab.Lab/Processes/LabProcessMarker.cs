using System.Text;

namespace ScaleLab.Lab.Processes;

/// <summary>
/// Finds the processes of a lab run after the fact (a supervisor killed with SIGKILL, a test checking for orphans)
/// without trusting pids, which the kernel reuses. Every process a run starts carries two marks: the variable
/// <c>SCALELAB_LAB_RUN=&lt;run id&gt;</c> in its environment, and a working directory whose path holds the run id.
/// The second matters: redis-server and PostgreSQL rewrite their process title over the memory that
/// <c>/proc/PID/environ</c> shows (and PostgreSQL's backends inherit that), but the kernel keeps the working
/// directory for them.
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
                if ((HasVariable(directory, needle) || WorksIn(directory, runId)) && !IsZombie(directory))
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

    private static bool HasVariable(string directory, byte[] needle) =>
        File.ReadAllBytes(Path.Combine(directory, "environ")).AsSpan().IndexOf(needle) >= 0;

    private static bool WorksIn(string directory, string runId)
    {
        var cwd = new FileInfo(Path.Combine(directory, "cwd")).LinkTarget;
        return cwd is not null && cwd.Contains(runId, StringComparison.Ordinal);
    }

    private static bool IsZombie(string directory)
    {
        // /proc/PID/stat: "pid (comm) S ..."; comm may hold spaces and parentheses, the state follows the last ')'.
        var stat = File.ReadAllText(Path.Combine(directory, "stat"));
        var close = stat.LastIndexOf(')');
        return close > 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X';
    }
}
