namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// What a fault trial's timeline says about one killed replica: when the balancer stopped sending to it, when a
/// replacement served, and the rate of successful responses before, during and after. Pure arithmetic on the
/// samples, so that it is tested on synthetic timelines.
/// </summary>
/// <remarks>
/// Ejection has two witnesses, and the later one counts: the system saying the replica is out (the serving count
/// first drops below what it was at the kill), and the load no longer failing (the end of the last interval after
/// the kill that recorded an error). Either alone can be early: a supervisor removes a dead replica from its list
/// before the balancer's pooled connections to it are gone, and a balancer can stop failing requests while the
/// replica is still listed. When errors go on to the end of the step, the replica was never ejected (null).
/// A replacement served once the serving count is back to what it was at the kill.
/// </remarks>
internal static class FaultTimeline
{
    private const double SettleSeconds = 1.0;

    public static FaultTimelineResult Analyse(IReadOnlyList<FaultSample> load, IReadOnlyList<ServingSample> serving, double killedAt)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(serving);
        var intervals = Intervals(load);

        var before = serving.Where(s => s.Seconds <= killedAt).Select(s => (int?)s.Serving).LastOrDefault()
            ?? serving.Select(s => (int?)s.Serving).FirstOrDefault();
        double? dropped = null, replaced = null;
        if (before is { } atKill)
        {
            foreach (var sample in serving.Where(s => s.Seconds > killedAt).OrderBy(s => s.Seconds))
            {
                if (dropped is null && sample.Serving < atKill)
                {
                    dropped = sample.Seconds;
                }
                else if (dropped is not null && sample.Serving >= atKill)
                {
                    replaced = sample.Seconds;
                    break;
                }
            }
        }

        var failing = intervals.Where(i => i.End > killedAt && i.Errors > 0).ToArray();
        var errorsStopped = failing.Length == 0 ? (double?)null : failing[^1].End;
        var neverStopped = failing.Length > 0 && intervals.Count > 0 && failing[^1].End >= intervals[^1].End;
        double? ejected = neverStopped ? null : Later(dropped, errorsStopped);

        var afterFrom = replaced ?? ejected;
        // The first second opens connections and catches up on the starts it made late: it is no steady state.
        var preKill = intervals.Where(i => i.End <= killedAt).ToArray();
        var settled = preKill.Where(i => i.Start >= SettleSeconds).ToArray();
        var capacityBefore = Goodput(settled.Length > 0 ? settled : preKill);
        var during = intervals.Where(i => i.End > killedAt && (afterFrom is null || i.Start < afterFrom)).ToArray();
        var after = afterFrom is null ? [] : intervals.Where(i => i.Start >= afterFrom).ToArray();
        return new FaultTimelineResult(
            ejected is null ? null : Math.Max(0, (ejected.Value - killedAt) * 1000),
            replaced is null ? null : (replaced.Value - killedAt) * 1000,
            capacityBefore,
            Goodput(during),
            after.Length > 0 ? Goodput(after) : Goodput(during));
    }

    private static double? Later(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    /// <summary>Successful responses per second over the intervals (0 when there is none).</summary>
    private static double Goodput(IEnumerable<Interval> intervals)
    {
        double ok = 0, seconds = 0;
        foreach (var interval in intervals)
        {
            ok += interval.Requests - interval.Errors;
            seconds += interval.End - interval.Start;
        }

        return seconds > 0 ? ok / seconds : 0;
    }

    private static List<Interval> Intervals(IReadOnlyList<FaultSample> load)
    {
        var intervals = new List<Interval>(load.Count);
        var previous = new FaultSample(0, 0, 0);
        foreach (var sample in load.OrderBy(s => s.Seconds))
        {
            if (sample.Seconds > previous.Seconds)
            {
                intervals.Add(new Interval(previous.Seconds, sample.Seconds, sample.Requests - previous.Requests, sample.Errors - previous.Errors));
                previous = sample;
            }
        }

        return intervals;
    }

    private readonly record struct Interval(double Start, double End, long Requests, long Errors);
}
