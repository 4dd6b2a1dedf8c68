using System.Text.Json.Serialization;

namespace ScaleLab.Core.Results;

/// <summary>Latency percentiles in milliseconds, as every result reports them (<c>latencyMs</c>).</summary>
/// <remarks>The order attributes keep <see cref="P95"/>, added later, between p90 and p99 in the JSON, where a reader looks for it.</remarks>
public sealed record LatencySummary(
    [property: JsonPropertyOrder(1)] double Min,
    [property: JsonPropertyOrder(2)] double Mean,
    [property: JsonPropertyOrder(3)] double P50,
    [property: JsonPropertyOrder(4)] double P90,
    [property: JsonPropertyOrder(6)] double P99,
    [property: JsonPropertyOrder(7)] double P999,
    [property: JsonPropertyOrder(8)] double Max,
    [property: JsonPropertyOrder(9)] double StdDev)
{
    /// <summary>The 95th percentile, k6's favourite (<c>p95</c> in thresholds).</summary>
    [JsonPropertyOrder(5)]
    public double P95 { get; init; }

    /// <summary>The summary of no samples: all zeros.</summary>
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);
}
