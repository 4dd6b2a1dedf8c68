using static ScaleLab.Core.Diagnosis.DiagnosisText;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// When the load ramp ends: errors past 1%, the objective far past, throughput flat for two steps, the generator
/// out of CPU, the plan done, or the time budget spent. Checked after every step; the first rule that holds wins.
/// </summary>
public static class RampStopRules
{
    /// <summary>The reason to stop after the steps in <paramref name="state"/>, or null to go on to the next step.</summary>
    public static RampStop? Check(RampState state, DiagnosisThresholds? thresholds = null)
    {
        var t = thresholds ?? DiagnosisThresholds.Default;
        var steps = state.Steps;
        if (steps.Count == 0)
        {
            return null;
        }

        var last = steps[^1];
        if (last.ErrorRate > t.MaxErrorRate)
        {
            return new RampStop(RampStopReason.Errors,
                $"{Percent(last.ErrorRate, "0.#")} of requests failed at {Users(last.Concurrency)} (the limit is {Percent(t.MaxErrorRate)})");
        }

        var slo = state.Slo;
        var reference = Math.Max(slo.ThresholdMs, slo.ValueOf(steps[0].LatencyMs));
        var value = slo.ValueOf(last.LatencyMs);
        if (steps.Count > 1 && value > t.FarPastSloFactor * reference)
        {
            return new RampStop(RampStopReason.LatencyFarPastSlo,
                $"{slo.Name} reached {Ms(value)} at {Users(last.Concurrency)}, more than {Number(t.FarPastSloFactor)}× {(reference > slo.ThresholdMs ? "one user's " + Ms(reference) : "the objective's " + Ms(reference))}");
        }

        if (IsPlateau(steps, t))
        {
            var flat = steps.TakeLast(t.PlateauSteps + 1).ToArray();
            return new RampStop(RampStopReason.Plateau,
                $"throughput gained less than {Percent(t.PlateauGain)} for {t.PlateauSteps} steps: " +
                string.Join(", ", flat.Select(s => $"{Rate(s.Throughput)} at {Users(s.Concurrency)}")));
        }

        if (state.GeneratorIsSeparate && last.GeneratorSaturated && steps.Count > 1)
        {
            return new RampStop(RampStopReason.GeneratorSaturated,
                $"the load generator used {Percent(last.GeneratorUtilization)} of its CPU at {Users(last.Concurrency)}: more users would measure it, not the target");
        }

        if (state.NextConcurrency is null)
        {
            return new RampStop(RampStopReason.MaxUsers, $"every planned step was measured, up to {Users(last.Concurrency)}");
        }

        if (state.Elapsed + state.NextStepTime > state.Budget)
        {
            return new RampStop(RampStopReason.Budget,
                $"the step at {Users(state.NextConcurrency.Value)} would not fit in the {Seconds(state.Budget)} budget ({Seconds(state.Elapsed)} spent)");
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="step"/>, just measured after <paramref name="steps"/>, would end the ramp or turn the
    /// verdict on its own: errors past the limit, the objective broken where the step before met it, or far past,
    /// or throughput down by more than <see cref="DiagnosisThresholds.RetrogradeFall"/> from the step before. A
    /// stall of the machine (a compile, a GC, another tenant) can do that to one short step, so such a step is
    /// measured again (up to twice), and the least disturbed measurement kept: a real problem shows every time, a
    /// stall does not.
    /// </summary>
    public static bool NeedsConfirmation(IReadOnlyList<DiagnoseStep> steps, DiagnoseStep step, Slo slo, DiagnosisThresholds? thresholds = null)
    {
        var t = thresholds ?? DiagnosisThresholds.Default;
        if (steps.Count == 0 || step.Interrupted)
        {
            return false;
        }

        var previous = steps[^1];
        var value = slo.ValueOf(step.LatencyMs);
        var reference = Math.Max(slo.ThresholdMs, slo.ValueOf(steps[0].LatencyMs));
        return (step.ErrorRate > t.MaxErrorRate && previous.ErrorRate <= t.MaxErrorRate)
            || (value > slo.ThresholdMs && slo.ValueOf(previous.LatencyMs) <= slo.ThresholdMs)
            || value > t.FarPastSloFactor * reference
            || step.Throughput < (1 - t.RetrogradeFall) * previous.Throughput;
    }

    /// <summary>
    /// True when the one-user baseline breaks the objective on fewer than
    /// <see cref="DiagnosisThresholds.FewBaselineResponses"/> responses: its percentile is then little more than its
    /// slowest response, one stall decides the verdict, and the baseline is measured once more (the better kept).
    /// </summary>
    public static bool BaselineNeedsConfirmation(DiagnoseStep baseline, Slo slo, DiagnosisThresholds? thresholds = null)
    {
        var t = thresholds ?? DiagnosisThresholds.Default;
        // A target failing most requests fails them every time: measuring it again only costs time.
        return !baseline.Interrupted && baseline.Requests < t.FewBaselineResponses && baseline.ErrorRate < t.FailingErrorRate
            && (slo.ValueOf(baseline.LatencyMs) > slo.ThresholdMs || baseline.ErrorRate > t.MaxErrorRate);
    }

    /// <summary>True when each of the last <see cref="DiagnosisThresholds.PlateauSteps"/> steps gained less than <see cref="DiagnosisThresholds.PlateauGain"/> over the one before.</summary>
    public static bool IsPlateau(IReadOnlyList<DiagnoseStep> steps, DiagnosisThresholds? thresholds = null)
    {
        var t = thresholds ?? DiagnosisThresholds.Default;
        if (steps.Count < t.PlateauSteps + 1)
        {
            return false;
        }

        for (var i = steps.Count - t.PlateauSteps; i < steps.Count; i++)
        {
            var before = steps[i - 1].Throughput;
            if (!(before > 0) || steps[i].Throughput >= before * (1 + t.PlateauGain))
            {
                return false;
            }
        }

        return true;
    }
}
