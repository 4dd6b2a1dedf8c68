namespace ScaleLab.Core.Merging;

/// <summary>The HdrHistogram logs merged (<see cref="HistogramLogMerger"/>): the intervals to write and each tag's total.</summary>
/// <param name="Intervals">The merged intervals, by time, the untagged one first in each slot and then the tags in the order first met.</param>
/// <param name="Totals">For the untagged lines (tag null) and each tag: every interval added together.</param>
public sealed record HistogramLogMerge(IReadOnlyList<LoggedInterval> Intervals, IReadOnlyList<TagTotal> Totals);
