using System.Diagnostics;

namespace ScaleLab.Lab.Capacity;

/// <summary>
/// CPU time consumed by the calling thread (Linux: <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>). Wall time would
/// be wrong here: a thread descheduled for 2 ms on a busy 2-core machine has done no work in those 2 ms.
/// Elsewhere it falls back to wall time.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    private static readonly bool Available = OperatingSystem.IsLinux() && Probe();

    /// <summary>True when <see cref="Now"/> is the thread's CPU time, false when it is wall time.</summary>
    public static bool MeasuresCpu => Available;

    /// <summary>The thread's CPU time so far (or a wall-clock reading), in a unit only differences make sense of.</summary>
    public static TimeSpan Now()
    {
        if (Available && Interop.ClockGetTime(ClockThreadCpuTimeId, out var time) == 0)
        {
            return TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100));
        }

        return Stopwatch.GetElapsedTime(0);
    }

    private static bool Probe()
    {
        try
        {
            return Interop.ClockGetTime(ClockThreadCpuTimeId, out _) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
