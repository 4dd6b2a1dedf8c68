using static ScaleLab.Core.Diagnosis.DiagnosisText;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// Saturation: from the step where load became a problem, the watched processes use 90% or more of the CPU they
/// may use, or 40% or more of it while the machine they share is 90% busy (a CPU-bound target on two cores shared
/// with the generator gets about half). Unwatched, a target on this machine counts as saturated when the load took
/// the whole machine from under 90% busy with one user to 90% or more: only a hint, since that CPU includes the
/// generator's (and anything else that started meanwhile), and the confidence says so.
/// A saturated CPU stays saturated as load grows, so the condition must hold at the largest load and at half or more
/// of the steps from the knee on: one step during someone else's compile is not saturation.
/// </summary>
internal static class SaturationRule
{
    public static CauseFinding? Check(RampView view, ScalabilityFinding finding, DiagnosisInput input, DiagnosisThresholds t)
    {
        var window = view.Measured.Where(s => s.Concurrency >= finding.Knee.Concurrency).ToArray();
        if (input.Watching)
        {
            if (Sustained(window, s => s.CpuPercent >= t.SaturatedCpuPercent) is { } saturated)
            {
                return new CauseFinding(VerdictCause.Saturation,
                [
                    $"the watched processes used {CpuPercent(saturated.CpuPercent!.Value)} of the {Cpus(saturated.CpuLimit ?? 0)} they may use at {Users(saturated.Concurrency)}: the instance is full",
                    Throughput(view, saturated),
                ]);
            }

            if (Sustained(window, s => s.MachineCpuPercent >= t.FullMachineCpuPercent && s.CpuPercent >= t.CrowdedTargetCpuPercent) is { } crowded)
            {
                return new CauseFinding(VerdictCause.Saturation,
                [
                    $"the machine was {CpuPercent(crowded.MachineCpuPercent!.Value)} busy at {Users(crowded.Concurrency)} and the watched processes had {CpuPercent(crowded.CpuPercent!.Value)} of their {Cpus(crowded.CpuLimit ?? 0)}: there was no CPU left for them to take",
                    Throughput(view, crowded),
                ]);
            }

            return null;
        }

        // The load must be what filled the machine: busy already with one user, it was busy with something else.
        if (input.TargetIsLocal && view.Baseline.MachineCpuPercent is { } idle && idle < t.FullMachineCpuPercent
            && Sustained(window, s => s.MachineCpuPercent >= t.FullMachineCpuPercent) is { } full)
        {
            return new CauseFinding(VerdictCause.Saturation,
            [
                $"this machine, which the target shares with the generator, went from {CpuPercent(idle)} busy with one user to {CpuPercent(full.MachineCpuPercent!.Value)} at {Users(full.Concurrency)} (the target's own share is unknown without --watch)",
                Throughput(view, full),
            ]);
        }

        return null;
    }

    /// <summary>The first step that shows the condition, when it holds at the last step and at half the steps or more.</summary>
    private static DiagnoseStep? Sustained(IReadOnlyList<DiagnoseStep> window, Func<DiagnoseStep, bool> holds)
    {
        if (window.Count == 0 || !holds(window[^1]) || 2 * window.Count(holds) < window.Count)
        {
            return null;
        }

        return window.First(holds);
    }

    private static string Throughput(RampView view, DiagnoseStep at)
    {
        var best = view.Measured.MaxBy(s => s.Throughput)!;
        return $"throughput stopped at about {Rate(best.Throughput)} (reached with {Users(best.Concurrency)}); {Users(at.Concurrency)} waited {Ms(at.LatencyMs.P50)} at p50 against {Ms(view.Baseline.LatencyMs.P50)} for one user";
    }
}
