using ScaleLab.Core.Results;

namespace ScaleLab.Core.Merging;

/// <summary>One tag's total in merged HdrHistogram logs.</summary>
/// <param name="Tag">The tag, or null for the untagged lines (ScaleLab's totals).</param>
/// <param name="Count">The values recorded.</param>
/// <param name="LatencyMs">Their percentiles, in milliseconds of microsecond values (ScaleLab's unit).</param>
public sealed record TagTotal(string? Tag, long Count, LatencySummary LatencyMs);
