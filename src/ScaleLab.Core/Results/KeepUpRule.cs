namespace ScaleLab.Core.Results;

/// <summary>
/// Whether the target of an open-model run kept up with the asked rate. Its backlog is the arrivals due and not yet
/// answered (queued or in flight). A target that keeps up holds a steady backlog, about the rate times its latency
/// (Little's law), reached once the first responses come back; one that serves less than the rate lets the backlog
/// grow for as long as the run lasts. So the rule compares the backlog at the end of the window with the backlog at
/// its middle, which leaves out the first half's ramp to the steady backlog: the target fell behind when the
/// backlog grew, over the second half, by more than <see cref="ShortfallShare"/> of the arrivals due in that half
/// (it answered fewer than 95% of them), by more than <see cref="MinimumGrowth"/> requests (so that the counting
/// noise of a low rate is not called a failure), and by more than the arrivals of <see cref="StallAllowanceSeconds"/>
/// (so that a last-moment hiccup is not either: a busy 2-core machine that paused the target or the generator for
/// 60 ms at the end of a one-second run at 200/s once failed a run that kept up all along).
/// </summary>
public static class KeepUpRule
{
    /// <summary>The share of the second half's arrivals the backlog may grow by.</summary>
    public const double ShortfallShare = 0.05;

    /// <summary>The growth, in requests, the backlog must exceed as well.</summary>
    public const long MinimumGrowth = 10;

    /// <summary>
    /// The pause, in seconds, whose arrivals the backlog may grow by at the window's end; at most a quarter of the
    /// second half, so that a short window can still be judged.
    /// </summary>
    public const double StallAllowanceSeconds = 0.2;

    /// <summary>True when the backlog grew, over the window's second half (<paramref name="secondHalfSeconds"/> long), past every limit.</summary>
    public static bool FellBehind(long backlogAtMiddle, long backlogAtEnd, long arrivalsInSecondHalf, double secondHalfSeconds)
    {
        var growth = backlogAtEnd - backlogAtMiddle;
        var stall = secondHalfSeconds > 0 ? arrivalsInSecondHalf / secondHalfSeconds * Math.Min(StallAllowanceSeconds, secondHalfSeconds / 4) : 0;
        return growth > MinimumGrowth && growth > ShortfallShare * arrivalsInSecondHalf && growth > stall;
    }
}
