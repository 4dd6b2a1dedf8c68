namespace ScaleLab.Core.Merging;

/// <summary>
/// Merges HdrHistogram logs written by separate generators (<c>run --hdr</c> on several machines) into one, exactly:
/// intervals that fall in the same slot of time, with the same tag, are added.
/// </summary>
/// <remarks>
/// Every interval is placed on absolute time (its log's base time plus its offset); the slot is the first log's
/// reporting interval (the median length of its intervals), counted from the earliest interval of all logs, and an
/// interval belongs to the slot its middle falls in. A merged interval spans from the earliest start to the latest end
/// of what it adds. Generators whose clocks agree (NTP keeps them within milliseconds) thus add second by second.
/// </remarks>
public static class HistogramLogMerger
{
    /// <summary>Merges <paramref name="logs"/>, each the intervals of one log; <paramref name="labels"/> name them in messages.</summary>
    /// <exception cref="MergeException">An interval's histogram does not decode.</exception>
    public static HistogramLogMerge Merge(IReadOnlyList<IReadOnlyList<LoggedInterval>> logs, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(labels);
        var all = logs.SelectMany((log, i) => log.Select(interval => (Interval: interval, Log: i))).ToArray();
        if (all.Length == 0)
        {
            return new HistogramLogMerge([], []);
        }

        var reference = logs.First(log => log.Count > 0);
        var lengths = reference.Select(i => i.EndMs - i.StartMs).Where(l => l > 0).Order().ToArray();
        var slotMs = lengths.Length > 0 ? lengths[lengths.Length / 2] : 1000;
        var origin = all.Min(a => a.Interval.StartMs);
        var tags = all.Select(a => a.Interval.Tag).Distinct().OrderBy(t => t is null ? 0 : 1).ToList();
        var slots = all
            .GroupBy(a => (Slot: (a.Interval.StartMs + a.Interval.EndMs - (2 * origin)) / 2 / slotMs, a.Interval.Tag))
            .OrderBy(g => g.Key.Slot)
            .ThenBy(g => tags.IndexOf(g.Key.Tag));
        var totals = tags.ToDictionary(t => t ?? string.Empty, _ => new HistogramSum());
        var merged = new List<LoggedInterval>();
        // One histogram reused slot after slot: the sums are kept encoded, a few hundred bytes each.
        var slotSum = new HistogramSum();
        foreach (var slot in slots)
        {
            slotSum.Reset();
            var total = totals[slot.Key.Tag ?? string.Empty];
            foreach (var (interval, log) in slot)
            {
                var where = $"{labels[log]} (interval at {DateTimeOffset.FromUnixTimeMilliseconds(interval.StartMs):HH:mm:ss.fff}{(interval.Tag is null ? string.Empty : $", tag {interval.Tag}")})";
                slotSum.Add(interval.Histogram, null, where);
                total.Add(interval.Histogram, null, where);
            }

            merged.Add(new LoggedInterval(slot.Key.Tag, slot.Min(m => m.Interval.StartMs), slot.Max(m => m.Interval.EndMs), slotSum.EncodedEvenEmpty()));
        }

        return new HistogramLogMerge(merged, [.. tags.Select(t => new TagTotal(t, totals[t ?? string.Empty].TotalCount, totals[t ?? string.Empty].Summary()))]);
    }
}
