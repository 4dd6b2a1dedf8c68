using System.Globalization;

namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// How long a process's threads have waited for a CPU while runnable (the second field of every
/// <c>/proc/PID/task/TID/schedstat</c>): a tier's queue for the cores it may use. A database whose backends queue
/// for its core as long as a single server at 85% would is saturated, however much of that core a busy machine
/// lends to other threads.
/// </summary>
internal static class RunQueueWait
{
    /// <summary>Nanoseconds <paramref name="pid"/>'s live threads have waited on a run queue; 0 when it is gone or unreadable.</summary>
    public static long Nanoseconds(int pid, string procRoot = "/proc")
    {
        long total = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "task")))
            {
                total += Parse(File.ReadAllText(Path.Combine(task, "schedstat"))) ?? 0;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone while read (a backend that closed): what was read so far.
        }

        return total;
    }

    /// <summary>The wait in a schedstat line (<c>RUN_NS WAIT_NS TIMESLICES</c>); null when malformed.</summary>
    internal static long? Parse(string schedstat)
    {
        var fields = schedstat.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var wait) ? wait : null;
    }
}
