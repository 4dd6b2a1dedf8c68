using System.Globalization;
using System.Text.Json.Serialization;
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
    /// <summary>
    /// The percentiles an objective judges beyond p50, p90 and p99 (p95, p99.9), read from the step's histogram and
    /// written into <c>latencyMs</c> under their names.
    /// </summary>
    [JsonExtensionData]
    public IDictionary<string, object>? Other { get; init; }

    /// <summary>The percentiles of a run's summary.</summary>
    public static StepLatency From(LatencySummary summary) => new(summary.P50, summary.P90, summary.P99, summary.Max, summary.Mean);

    /// <summary>These percentiles and <paramref name="percentile"/> at <paramref name="valueMs"/>.</summary>
    public StepLatency With(SloPercentile percentile, double valueMs) => IsField(percentile)
        ? this
        : this with { Other = new Dictionary<string, object>(Other ?? new Dictionary<string, object>()) { [percentile.Name] = valueMs } };

    /// <summary>
    /// <paramref name="percentile"/> in milliseconds. Throws <see cref="InvalidOperationException"/> for a percentile
    /// neither a field nor recorded with <see cref="With"/>: a judgement on a guess would be worse than none.
    /// </summary>
    public double At(SloPercentile percentile) => percentile.Value switch
    {
        50 => P50,
        90 => P90,
        99 => P99,
        _ when Other?.TryGetValue(percentile.Name, out var value) == true => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"the step's {percentile.Name} was not recorded"),
    };

    private static bool IsField(SloPercentile percentile) => percentile.Value is 50 or 90 or 99;
}
