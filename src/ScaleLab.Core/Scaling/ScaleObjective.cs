namespace ScaleLab.Core.Scaling;

/// <summary>The objective a step's capacity is the highest rate under: a latency percentile and an error budget.</summary>
/// <param name="Percentile">The percentile judged, such as 99.</param>
/// <param name="LatencyMs">Its bound in milliseconds.</param>
/// <param name="MaxErrorRate">The largest share of failed requests allowed (0.001 for 0.1 %).</param>
public sealed record ScaleObjective(double Percentile, double LatencyMs, double MaxErrorRate);
