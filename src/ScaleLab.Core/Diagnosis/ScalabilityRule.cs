using static ScaleLab.Core.Diagnosis.DiagnosisText;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// Scalability: before the users to serve, the objective breaks (when one user meets it) or throughput stops
/// keeping up with load (efficiency X(N) / (N·X(1)) under 0.8). Both must hold from some step to the last judged
/// one, so that one noisy step in the middle of a healthy ramp decides nothing.
/// </summary>
internal static class ScalabilityRule
{
    public static ScalabilityFinding? Check(RampView view, Slo slo, bool baselineBreaks, DiagnosisThresholds t)
    {
        var ramp = view.Ramp;
        if (ramp.Count == 0)
        {
            return null;
        }

        // When one user already breaks the objective, every step does: only new errors then say load made it worse.
        var baselineFails = view.Baseline.ErrorRate > t.MaxErrorRate;
        var sloBroken = SustainedFrom(ramp, s => baselineBreaks
            ? s.ErrorRate > t.MaxErrorRate && !baselineFails
            : slo.ValueOf(s.LatencyMs) > slo.ThresholdMs || s.ErrorRate > t.MaxErrorRate);
        var inefficient = SustainedFrom(ramp, s => s.Efficiency is { } e && e < t.HealthyEfficiency);
        if (sloBroken is null && inefficient is null)
        {
            return null;
        }

        var knee = new[] { sloBroken, inefficient }.OfType<DiagnoseStep>().MinBy(s => s.Concurrency)!;
        return new ScalabilityFinding(knee, sloBroken, inefficient);
    }

    public static IEnumerable<string> Evidence(RampView view, ScalabilityFinding finding, Slo slo, DiagnosisThresholds t)
    {
        yield return "throughput by users: " + Curve(view.Measured);
        if (finding.InefficientFrom is { } inefficient)
        {
            var last = view.Ramp[^1];
            yield return $"efficiency fell under {Efficiency(t.HealthyEfficiency)} from {Users(inefficient.Concurrency)} ({Efficiency(inefficient.Efficiency!.Value)}) " +
                         $"and was {Efficiency(last.Efficiency!.Value)} at {Users(last.Concurrency)}: {Users(last.Concurrency)} got {Rate(last.Throughput)}, " +
                         $"not the {Rate(last.Concurrency * view.OneUserThroughput)} that {last.Concurrency}× one user's {Rate(view.OneUserThroughput)} would be";
        }

        if (finding.SloBrokenFrom is { } broken)
        {
            var value = slo.ValueOf(broken.LatencyMs);
            yield return broken.ErrorRate > t.MaxErrorRate
                ? $"from {Users(broken.Concurrency)}, {Percent(broken.ErrorRate, "0.#")} of requests failed ({slo.Name} {Ms(value)})"
                : $"the objective broke from {Users(broken.Concurrency)}: {slo.Name} {Ms(value)} > {Ms(slo.ThresholdMs)}, against {Ms(slo.ValueOf(view.Baseline.LatencyMs))} for one user";
        }
    }

    /// <summary>Healthy's evidence: efficiency and the objective at the largest judged step.</summary>
    /// <summary>
    /// The evidence when load is no problem (healthy, or performance alone): efficiency, the objective and errors at
    /// the largest judged step, each against its own bar.
    /// </summary>
    public static IEnumerable<string> HealthyEvidence(RampView view, Slo slo, DiagnosisThresholds t)
    {
        yield return "throughput by users: " + Curve(view.Measured);
        if (view.Ramp.Count > 0)
        {
            var last = view.Ramp[^1];
            var value = slo.ValueOf(last.LatencyMs);
            var against = value > slo.ThresholdMs ? "past" : "within";
            var errors = last.ErrorRate > t.MaxErrorRate ? $", more than the {Percent(t.MaxErrorRate)} allowed" : string.Empty;
            yield return $"at {Users(last.Concurrency)}: efficiency {Efficiency(last.Efficiency ?? 0)}, {slo.Name} {Ms(value)} {against} {Ms(slo.ThresholdMs)}, errors {Percent(last.ErrorRate, "0.##")}{errors}";
        }
    }

    /// <summary>"1 → 182, 2 → 364, 4 → 700 req/s (efficiency 1.00, 0.96)".</summary>
    public static string Curve(IReadOnlyList<DiagnoseStep> steps) =>
        string.Join(", ", steps.Select(s => $"{s.Concurrency} → {Format(s.Throughput)}")) + " req/s" +
        (steps.Count > 1 ? " (efficiency " + string.Join(", ", steps.Skip(1).Select(s => s.Efficiency is { } e ? Efficiency(e) : "?")) + ")" : string.Empty);

    private static DiagnoseStep? SustainedFrom(IReadOnlyList<DiagnoseStep> steps, Func<DiagnoseStep, bool> fails)
    {
        DiagnoseStep? from = null;
        for (var i = steps.Count - 1; i >= 0 && fails(steps[i]); i--)
        {
            from = steps[i];
        }

        return from;
    }
}
