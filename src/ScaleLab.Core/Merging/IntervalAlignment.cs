using ScaleLab.Core.Results;

namespace ScaleLab.Core.Merging;

/// <summary>
/// Lays the time series of several results on one time line and adds the intervals that fall in the same slot.
/// </summary>
/// <remarks>
/// The slot is the first part's reporting interval (the median length of its intervals: the first and last may be
/// longer by a sliver). An interval belongs to the slot its middle falls in, so that ticks drifting a few
/// milliseconds past each second (t = 1.003, 2.004, …) stay in their own second. Parts are placed by their window's
/// opening: all at 0 when they started together (the agents of one distributed run, whose <c>t</c> is counted from
/// the same shared instant), or on the wall clock (<c>startedAt</c> + <c>warmupSeconds</c>) for separate runs, the
/// earliest at 0. In a slot, counts and histograms add; throughput and rates add part by part (each part's requests
/// over its own time in the slot), as concurrent generators' rates do.
/// </remarks>
internal sealed class IntervalAlignment
{
    private readonly SortedDictionary<long, Slot> _slots = [];
    private readonly double _slotSeconds;

    private IntervalAlignment(double slotSeconds) => _slotSeconds = slotSeconds;

    /// <summary>The merged series of <paramref name="parts"/>, each offset by its window's opening in seconds.</summary>
    public static IReadOnlyList<ResultInterval> Merge(IReadOnlyList<RunResult> parts, IReadOnlyList<double> offsets, IReadOnlyList<string> labels)
    {
        var reference = parts.FirstOrDefault(p => p.Intervals.Count > 0);
        if (reference is null)
        {
            return [];
        }

        var lengths = reference.Intervals.Select(i => i.DurationSeconds).Where(d => d > 0).Order().ToArray();
        var slotSeconds = lengths.Length > 0 ? lengths[lengths.Length / 2] : 1.0;
        var alignment = new IntervalAlignment(slotSeconds);
        for (var p = 0; p < parts.Count; p++)
        {
            foreach (var interval in parts[p].Intervals)
            {
                alignment.Add(p, offsets[p], interval, $"{labels[p]} (interval at t={interval.T:0.###} s)");
            }
        }

        return alignment.Series();
    }

    private void Add(int part, double offset, ResultInterval interval, string where)
    {
        var end = offset + interval.T;
        var start = end - interval.DurationSeconds;
        var index = (long)Math.Max(0, Math.Floor((start + end) / 2 / _slotSeconds));
        if (!_slots.TryGetValue(index, out var slot))
        {
            slot = new Slot();
            _slots[index] = slot;
        }

        slot.Start = Math.Min(slot.Start, start);
        slot.End = Math.Max(slot.End, end);
        slot.Members.Add((part, interval, where));
    }

    /// <remarks>
    /// One histogram, reused slot after slot: a histogram per slot (about 190 KB each) would hold 680 MB for an hour
    /// of one-second intervals, where the encoded sums are a few hundred bytes.
    /// </remarks>
    private List<ResultInterval> Series()
    {
        var series = new List<ResultInterval>(_slots.Count);
        var latency = new HistogramSum();
        foreach (var slot in _slots.Values)
        {
            latency.Reset();
            var shares = new Dictionary<int, PartShare>();
            long requests = 0, errors = 0;
            int? stage = null;
            foreach (var (part, interval, where) in slot.Members)
            {
                requests += interval.Requests;
                errors += interval.Errors;
                stage ??= interval.Stage;
                latency.Add(interval.LatencyHistogram, interval.LatencyMs, where);
                var share = shares.TryGetValue(part, out var known) ? known : new PartShare();
                share.Requests += interval.Requests;
                share.Seconds += interval.DurationSeconds;
                if (interval.RateAsked is { } asked)
                {
                    share.Asked = (share.Asked ?? 0) + (asked * interval.DurationSeconds);
                }

                if (interval.RateAchieved is { } achieved)
                {
                    share.Achieved = (share.Achieved ?? 0) + (achieved * interval.DurationSeconds);
                }

                shares[part] = share;
            }

            var timed = shares.Values.Where(s => s.Seconds > 0).ToArray();
            double? rateAsked = timed.Any(s => s.Asked is not null) ? Math.Round(timed.Sum(s => (s.Asked ?? 0) / s.Seconds), 2) : null;
            double? rateAchieved = timed.Any(s => s.Achieved is not null) ? Math.Round(timed.Sum(s => (s.Achieved ?? 0) / s.Seconds), 2) : null;
            series.Add(new ResultInterval
            {
                T = Math.Round(slot.End, 3),
                DurationSeconds = Math.Round(slot.End - slot.Start, 3),
                Requests = requests,
                Errors = errors,
                Throughput = Math.Round(timed.Sum(s => s.Requests / s.Seconds), 2),
                LatencyMs = latency.Summary(),
                RateAsked = rateAsked,
                RateAchieved = rateAchieved,
                Stage = stage,
                LatencyHistogram = latency.Encoded(),
            });
        }

        return series;
    }

    private sealed class Slot
    {
        public double Start { get; set; } = double.MaxValue;
        public double End { get; set; } = double.MinValue;
        public List<(int Part, ResultInterval Interval, string Where)> Members { get; } = [];
    }
    /// <summary>One part's time and counts in a slot: its rates are its own counts over its own time.</summary>
    private sealed class PartShare
    {
        public long Requests { get; set; }
        public double Seconds { get; set; }
        public double? Asked { get; set; }
        public double? Achieved { get; set; }
    }
}
