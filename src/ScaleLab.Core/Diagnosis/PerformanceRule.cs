using static ScaleLab.Core.Diagnosis.DiagnosisText;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// Performance: one user alone already breaks the objective (its percentile past the threshold, or more than 1% of
/// its requests failing). No amount of servers fixes that: the work itself is slow.
/// </summary>
internal static class PerformanceRule
{
    public static bool Breaks(DiagnoseStep baseline, Slo slo, DiagnosisThresholds t) =>
        slo.ValueOf(baseline.LatencyMs) > slo.ThresholdMs || baseline.ErrorRate > t.MaxErrorRate;

    /// <summary>The one-user numbers, whichever way they judge.</summary>
    public static IEnumerable<string> Evidence(DiagnoseStep baseline, Slo slo, DiagnosisThresholds t)
    {
        var value = slo.ValueOf(baseline.LatencyMs);
        var against = value > slo.ThresholdMs ? "past" : "within";
        yield return $"one user: {slo.Name} {Ms(value)}, {against} the objective {slo} (p50 {Ms(baseline.LatencyMs.P50)}, {baseline.Requests} responses, {Rate(baseline.Throughput)})";
        if (baseline.ErrorRate > t.MaxErrorRate)
        {
            yield return $"one user: {Percent(baseline.ErrorRate, "0.#")} of requests failed ({baseline.Errors} of {baseline.Requests}), more than the {Percent(t.MaxErrorRate)} an objective allows";
        }
    }
}
