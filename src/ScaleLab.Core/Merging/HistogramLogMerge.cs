using ScaleLab.Core.Results;

namespace ScaleLab.Core.Merging;

/// <summary>The HdrHistogram logs merged (<see cref="HistogramLogMerger"/>): the intervals to write and each tag's total.</summary>
/// <param name="Intervals">The merged intervals, by time, the untagged one first in each slot and then the tags in the order first met.</param>
/// <param name="Totals">For the untagged lines (tag null) and each tag: every interval added together.</param>
public sealed record HistogramLogMerge(IReadOnlyList<LoggedInterval> Intervals, IReadOnlyList<TagTotal> Totals);

/// <summary>One tag's total in merged HdrHistogram logs.</summary>
/// <param name="Tag">The tag, or null for the untagged lines (ScaleLab's totals).</param>
/// <param name="Count">The values recorded.</param>
/// <param name="LatencyMs">Their percentiles, in milliseconds of microsecond values (ScaleLab's unit).</param>
public sealed record TagTotal(string? Tag, long Count, LatencySummary LatencyMs);
