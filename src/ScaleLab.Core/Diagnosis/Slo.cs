using System.Globalization;
using System.Text.Json.Serialization;
using ScaleLab.Core.Results;
using ScaleLab.Core.Units;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// A latency service level objective: the chosen percentile must stay at or under the threshold, e.g.
/// <c>p99=200ms</c>. Written to JSON as <c>{ "percentile": "p99", "thresholdMs": 200 }</c>.
/// </summary>
/// <param name="Percentile">The percentile judged.</param>
/// <param name="ThresholdMs">The most it may be, in milliseconds.</param>
public sealed record Slo(SloPercentile Percentile, double ThresholdMs)
{
    /// <summary>The default objective, <c>p99=200ms</c>.</summary>
    public static Slo Default { get; } = new(SloPercentile.P99, 200);

    /// <summary>The objective as it is typed, e.g. <c>p99=200ms</c>.</summary>
    [JsonIgnore]
    public string Text => string.Create(CultureInfo.InvariantCulture, $"{Name}={ThresholdMs:0.###}ms");

    /// <summary>The percentile's name: p50, p95, p99.9, ….</summary>
    [JsonIgnore]
    public string Name => Percentile.Name;

    /// <summary>The judged percentile of <paramref name="latency"/>, in milliseconds.</summary>
    public double ValueOf(StepLatency latency) => latency.At(Percentile);

    /// <summary>
    /// The judged percentile of a run's summary, in milliseconds: one of its fields (p50, p90, p99, p99.9); any other
    /// percentile throws <see cref="InvalidOperationException"/>, since only the histogram holds it.
    /// </summary>
    public double ValueOf(LatencySummary latency) => Percentile.Value == 99.9 ? latency.P999 : ValueOf(StepLatency.From(latency));

    /// <summary>Parses <c>pN=…</c> (any percentile 0 &lt; N &lt; 100: p50, p95, p99.9) with a duration (<c>200ms</c>, <c>1s</c>), or returns false with a one-line reason.</summary>
    public static bool TryParse(string? text, out Slo slo, out string error)
    {
        slo = Default;
        error = string.Empty;
        var parts = (text ?? string.Empty).Split('=', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            error = $"'{text}' is not an objective (use e.g. p99=200ms, p95=100ms or p99.9=1s)";
            return false;
        }

        if (!SloPercentile.TryParse(parts[0], out var percentile))
        {
            error = $"'{parts[0]}' is not a percentile: use p and a number between 0 and 100, e.g. p50, p95, p99 or p99.9";
            return false;
        }

        if (!DurationParser.TryParse(parts[1], out var threshold, out var durationError))
        {
            error = durationError;
            return false;
        }

        if (threshold <= TimeSpan.Zero)
        {
            error = $"'{text}': the threshold must be above 0";
            return false;
        }

        slo = new Slo(percentile, threshold.TotalMilliseconds);
        return true;
    }

    /// <summary>For people: <c>p99 ≤ 200 ms</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ≤ {ThresholdMs:0.###} ms");
}
