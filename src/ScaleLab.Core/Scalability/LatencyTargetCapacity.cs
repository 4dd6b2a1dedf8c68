namespace ScaleLab.Core.Scalability;

/// <summary>
/// The largest load, and the throughput, that keep the response time R(N) = N / X(N) under a target.
/// </summary>
/// <param name="TargetMs">The latency target in milliseconds.</param>
/// <param name="Reachable">Whether any load meets the target: false when even one unit of load is slower (1/λ &gt; target).</param>
/// <param name="Unbounded">The latency never grows (σ = κ = 0): every load meets the target.</param>
/// <param name="MaxConcurrency">The largest N, continuous, with R(N) ≤ target; null when unreachable or unbounded.</param>
/// <param name="MaxConcurrencyFloor">Its floor: the largest whole load that meets the target.</param>
/// <param name="Throughput">X at <paramref name="MaxConcurrencyFloor"/>.</param>
/// <param name="LatencyMs">R at <paramref name="MaxConcurrencyFloor"/>, at or under the target.</param>
/// <param name="BeyondPeak">
/// The largest load meeting the target lies past the peak N*, where more load buys less throughput:
/// <paramref name="BestThroughput"/> at <paramref name="BestConcurrency"/> is then the better operating point.
/// </param>
/// <param name="BestConcurrency">The whole load at or under the maximum with the highest throughput.</param>
/// <param name="BestThroughput">X at <paramref name="BestConcurrency"/>.</param>
public sealed record LatencyTargetCapacity(
    double TargetMs,
    bool Reachable,
    bool Unbounded,
    double? MaxConcurrency,
    double? MaxConcurrencyFloor,
    double? Throughput,
    double? LatencyMs,
    bool BeyondPeak,
    double? BestConcurrency,
    double? BestThroughput);
