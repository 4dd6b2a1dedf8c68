using ScaleLab.Core.Results;

namespace ScaleLab.Core.Thresholds;

/// <summary>The figures a threshold reads for the totals or for one request name.</summary>
/// <param name="Requests">Requests completed in the window.</param>
/// <param name="Errors">Of those, the failed ones.</param>
/// <param name="Throughput">Completions per second.</param>
/// <param name="LatencyMs">The latency statistics measured, by the names of <see cref="ThresholdParser.LatencyStatistics"/>, in milliseconds.</param>
public sealed record ThresholdFigures(long Requests, long Errors, double Throughput, IReadOnlyDictionary<string, double> LatencyMs)
{
    /// <summary>The figures of a run's summary (or of one named request's), every latency statistic included.</summary>
    public static ThresholdFigures From(long requests, long errors, double throughput, LatencySummary latency)
    {
        ArgumentNullException.ThrowIfNull(latency);
        return new(requests, errors, throughput, new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["p50"] = latency.P50,
            ["p90"] = latency.P90,
            ["p95"] = latency.P95,
            ["p99"] = latency.P99,
            ["p99.9"] = latency.P999,
            ["min"] = latency.Min,
            ["mean"] = latency.Mean,
            ["max"] = latency.Max,
        });
    }
}
