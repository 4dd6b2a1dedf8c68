using System.Globalization;

namespace ScaleLab.Core.Scaling;

/// <summary>The objective a step's capacity is the highest rate under: a latency percentile and an error budget.</summary>
/// <param name="Percentile">The percentile judged, such as 99.</param>
/// <param name="LatencyMs">Its bound in milliseconds.</param>
/// <param name="MaxErrorRate">The largest share of failed requests allowed (0.001 for 0.1 %).</param>
public sealed record ScaleObjective(double Percentile, double LatencyMs, double MaxErrorRate)
{
    /// <summary>The default error budget: 0.1 % of requests.</summary>
    public const double DefaultMaxErrorRate = 0.001;

    /// <summary>True when a rate's latency at <see cref="Percentile"/> and its error rate are both within the objective.</summary>
    public bool IsMet(double latencyMs, double errorRate) => latencyMs <= LatencyMs && errorRate <= MaxErrorRate;

    /// <summary>For people: <c>p99 ≤ 100 ms, errors ≤ 0.1%</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"p{Percentile:0.###} ≤ {LatencyMs:0.###} ms, errors ≤ {MaxErrorRate * 100:0.###}%");
}
