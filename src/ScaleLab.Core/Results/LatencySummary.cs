namespace ScaleLab.Core.Results;

/// <summary>Latency percentiles in milliseconds, as every result reports them (<c>latencyMs</c>).</summary>
public sealed record LatencySummary(
    double Min,
    double Mean,
    double P50,
    double P90,
    double P99,
    double P999,
    double Max,
    double StdDev)
{
    /// <summary>The summary of no samples: all zeros.</summary>
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);
}
