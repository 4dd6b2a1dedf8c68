using System.Diagnostics;

namespace ScaleLab.Lab.Service;

/// <summary>
/// Polls whether the supervisor that started the replica still lives (every 500 ms), so a replica never outlives it:
/// the portable half of "no orphans", next to Linux's parent-death signal (<see cref="ParentDeathSignal"/>).
/// </summary>
internal static class ParentProcessWatch
{
    /// <summary>Completes when process <paramref name="pid"/> is gone (or a zombie), or when <paramref name="cancellationToken"/> fires.</summary>
    public static async Task WaitForExitAsync(int pid, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (IsAlive(pid) && await timer.WaitForNextTickAsync(cancellationToken))
            {
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            // A parent killed with SIGKILL stays a zombie until its own parent reaps it, and a zombie still "exists"
            // for kill(0) and Process.GetProcessById: read its state instead (the field after the parenthesised name).
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var afterName = stat.LastIndexOf(')');
                var state = afterName >= 0 && afterName + 2 < stat.Length ? stat[afterName + 2] : '?';
                return state is not ('Z' or 'X');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
