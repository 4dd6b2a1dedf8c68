using ScaleLab.Core.Results;

namespace ScaleLab.Core.Diagnosis;

/// <summary>The latency percentiles of one diagnosis step, in milliseconds (<c>latencyMs</c>).</summary>
/// <param name="P50">The median.</param>
/// <param name="P90">The 90th percentile.</param>
/// <param name="P99">The 99th percentile.</param>
/// <param name="Max">The largest.</param>
/// <param name="Mean">The mean, which Little's law turns into throughput.</param>
public sealed record StepLatency(double P50, double P90, double P99, double Max, double Mean)
{
    /// <summary>The percentiles of a run's summary.</summary>
    public static StepLatency From(LatencySummary summary) => new(summary.P50, summary.P90, summary.P99, summary.Max, summary.Mean);
}
