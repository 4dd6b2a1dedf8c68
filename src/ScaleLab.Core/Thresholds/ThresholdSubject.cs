using System.Globalization;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Results;

namespace ScaleLab.Core.Thresholds;

/// <summary>What thresholds are judged on: a run's result, or one step of a diagnosis.</summary>
/// <param name="Totals">The figures of all requests.</param>
/// <param name="ByName">The figures of each named request (<c>byName</c>); empty for a single request.</param>
/// <param name="Checks">The checks (<c>checks</c>); empty without.</param>
/// <param name="RateAsked">Open model: the arrival rate asked for; null in the closed model.</param>
/// <param name="RateAchieved">Open model: the rate achieved; null in the closed model.</param>
public sealed record ThresholdSubject(
    ThresholdFigures Totals,
    IReadOnlyDictionary<string, ThresholdFigures> ByName,
    IReadOnlyDictionary<string, CheckStats> Checks,
    double? RateAsked,
    double? RateAchieved)
{
    /// <summary>The figures of a run's result.</summary>
    public static ThresholdSubject Of(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(
            ThresholdFigures.From(result.Requests, result.Errors, result.Throughput, result.LatencyMs),
            result.ByName.ToDictionary(kv => kv.Key, kv => ThresholdFigures.From(kv.Value.Requests, kv.Value.Errors, kv.Value.Throughput, kv.Value.LatencyMs), StringComparer.Ordinal),
            result.Checks,
            result.RateAsked,
            result.RateAchieved);
    }

    /// <summary>
    /// The figures of one step of a diagnosis: its totals only (a step keeps no figures by name), and of the latency
    /// statistics the ones a step records: p50, p90, p99, max, mean, and the objective's percentile.
    /// </summary>
    public static ThresholdSubject Of(DiagnoseStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var latency = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["p50"] = step.LatencyMs.P50,
            ["p90"] = step.LatencyMs.P90,
            ["p99"] = step.LatencyMs.P99,
            ["mean"] = step.LatencyMs.Mean,
            ["max"] = step.LatencyMs.Max,
        };
        foreach (var (name, value) in step.LatencyMs.Other ?? new Dictionary<string, object>())
        {
            latency[name] = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        }

        return new(new ThresholdFigures(step.Requests, step.Errors, step.Throughput, latency), new Dictionary<string, ThresholdFigures>(), new Dictionary<string, CheckStats>(), null, null);
    }
}
