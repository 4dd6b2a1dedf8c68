using static ScaleLab.Core.Diagnosis.DiagnosisText;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// Decides a diagnosis: failing (most of one user's requests fail, so nothing else can be judged), performance (one user already breaks the objective), scalability (one user is fine, but
/// the objective breaks or throughput stops keeping up before the users to serve), both, or healthy (the objective
/// holds up to the users to serve with efficiency 0.8 or more); then the cause, in this order: coherency
/// (throughput falls steeply past a peak), saturation (the target's CPU is used up), coherency again (a shallower
/// fall that the fit puts on κ), contention (none of these: something else serialises); then the evidence, the
/// advice and the confidence.
/// </summary>
/// <example>
/// <code>
/// var judgement = VerdictRules.Judge(new DiagnosisInput(steps, Slo.Default, users: 64, watching: true, generatorIsSeparate: true, targetIsLocal: false, stop));
/// Console.WriteLine($"{judgement.Verdict!.Kind} / {judgement.Verdict.Cause}: {judgement.Verdict.Summary}");
/// </code>
/// </example>
public static class VerdictRules
{
    /// <summary>Code of the note given when there is nothing to judge.</summary>
    public const string NothingMeasuredCode = "nothingMeasured";

    /// <summary>Judges the steps of <paramref name="input"/>.</summary>
    public static Judgement Judge(DiagnosisInput input, DiagnosisThresholds? thresholds = null)
    {
        var t = thresholds ?? DiagnosisThresholds.Default;
        if (input.Steps.Count == 0 || input.Steps[0].Requests == 0 || input.Steps[0].Concurrency != 1)
        {
            var note = new ConfidenceNote(NothingMeasuredCode, "no response from one user was measured: there is nothing to judge", ConfidenceLevel.Low);
            return new Judgement(null, DiagnosisConfidence.From([note]), null);
        }

        var view = RampView.Of(input);
        if (FailingRule.Fails(view.Baseline, t))
        {
            return new Judgement(FailingRule.Verdict(view.Baseline, t), DiagnosisConfidence.From([]), null);
        }

        var slo = input.Slo;
        var baselineBreaks = PerformanceRule.Breaks(view.Baseline, slo, t);
        var finding = ScalabilityRule.Check(view, slo, baselineBreaks, t);
        var kind = (baselineBreaks, finding is not null) switch
        {
            (true, true) => VerdictKind.Both,
            (true, false) => VerdictKind.Performance,
            (false, true) => VerdictKind.Scalability,
            _ => VerdictKind.Healthy,
        };

        var cause = finding is null
            ? null
            : CoherencyRule.CheckSteepFall(view, t)
                ?? SaturationRule.Check(view, finding, input, t)
                ?? CoherencyRule.CheckShallowFall(view, t)
                ?? ContentionRule.Check(view, finding, input);
        var causeKind = cause?.Cause ?? VerdictCause.None;
        var knee = causeKind is VerdictCause.Contention or VerdictCause.Saturation ? Knee.Of(view) : null;
        var evidence = PerformanceRule.Evidence(view.Baseline, slo, t).ToList();
        if (finding is not null)
        {
            evidence.AddRange(ScalabilityRule.Evidence(view, finding, slo, t));
            evidence.AddRange(cause!.Evidence);
            if (knee is not null)
            {
                evidence.Add(knee.Evidence);
            }
        }
        else
        {
            evidence.AddRange(ScalabilityRule.HealthyEvidence(view, slo, t));
        }

        var verdict = new Verdict(
            kind,
            causeKind,
            Summary(kind, causeKind, view, finding, input, t),
            evidence,
            VerdictAdvice.For(kind, causeKind, view, slo, input.Users, input.Watching, t, knee))
        {
            KneeConcurrency = knee?.Concurrency,
        };
        var notes = ConfidenceRules.Notes(view, input, kind, causeKind, t);
        return new Judgement(verdict, DiagnosisConfidence.From(notes), view.Analysis);
    }

    private static string Summary(VerdictKind kind, VerdictCause cause, RampView view, ScalabilityFinding? finding, DiagnosisInput input, DiagnosisThresholds t)
    {
        var slo = input.Slo;
        var baseline = view.Baseline;
        var oneUser = slo.ValueOf(baseline.LatencyMs);
        var oneUserText = baseline.ErrorRate > t.MaxErrorRate && oneUser <= slo.ThresholdMs
            ? $"one user already sees {Percent(baseline.ErrorRate, "0.#")} of requests fail"
            : $"one user already waits {Ms(oneUser)} at {slo.Name}, past the objective of {Ms(slo.ThresholdMs)}";
        var lastRamp = view.Ramp.Count > 0 ? view.Ramp[^1] : null;
        return kind switch
        {
            VerdictKind.Performance when lastRamp is null =>
                $"Performance problem: {oneUserText}; load was not tested.",
            VerdictKind.Performance =>
                $"Performance problem: {oneUserText}, while throughput keeps up with load (efficiency {Efficiency(lastRamp.Efficiency ?? 0)} at {Users(lastRamp.Concurrency)}): more servers will not help.",
            VerdictKind.Both =>
                $"Performance and scalability problems ({Name(cause)}): {oneUserText}, and {Symptom(view, finding!, slo, t)}{Because(cause, input.Watching)}.",
            VerdictKind.Scalability =>
                $"Scalability problem ({Name(cause)}): one user is fast ({slo.Name} {Ms(oneUser)}), but {Symptom(view, finding!, slo, t)}{Because(cause, input.Watching)}.",
            _ when lastRamp is null =>
                $"Healthy for one user ({slo.Name} {Ms(oneUser)} within {Ms(slo.ThresholdMs)}); load was not tested.",
            _ =>
                $"Healthy: {slo} holds up to {Users(lastRamp.Concurrency)} with efficiency {Efficiency(lastRamp.Efficiency ?? 0)}" +
                (lastRamp.Concurrency < input.Users ? $" (the {Users(input.Users)} to serve were not reached)." : "."),
        };
    }

    private static string Symptom(RampView view, ScalabilityFinding finding, Slo slo, DiagnosisThresholds t)
    {
        var peak = view.Measured.MaxBy(s => s.Throughput)!;
        if (finding.InefficientFrom is { } inefficient)
        {
            return $"throughput stops keeping up with load from {Users(inefficient.Concurrency)} (at most {Rate(peak.Throughput)}, reached with {Users(peak.Concurrency)})";
        }

        var broken = finding.SloBrokenFrom!;
        return broken.ErrorRate > t.MaxErrorRate
            ? $"requests start failing from {Users(broken.Concurrency)} ({Percent(broken.ErrorRate, "0.#")})"
            : $"the objective breaks from {Users(broken.Concurrency)} ({slo.Name} {Ms(slo.ValueOf(broken.LatencyMs))})";
    }

    private static string Because(VerdictCause cause, bool watching) => cause switch
    {
        VerdictCause.Coherency => ": each request costs more as more run at once, so throughput falls past a peak",
        VerdictCause.Saturation => ": the target's CPU is used up",
        VerdictCause.Contention when watching => " while the CPU stays low: requests wait for something other than the CPU",
        VerdictCause.Contention => ": requests queue for something (a lock, a pool, or the CPU itself: without --watch the two look the same)",
        _ => string.Empty,
    };

    private static string Name(VerdictCause cause) => cause.ToString().ToLowerInvariant();
}
