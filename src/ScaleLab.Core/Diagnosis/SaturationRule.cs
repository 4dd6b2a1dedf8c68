using static ScaleLab.Core.Diagnosis.DiagnosisText;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// Saturation: from the step where load became a problem, the watched processes use 90% or more of the CPU they
/// may use, or 40% or more of it while the machine they share is 90% busy (a CPU-bound target on two cores shared
/// with the generator gets about half). Unwatched, a target on this machine counts as saturated when the whole
/// machine was 90% busy: only a hint, since that CPU includes the generator's, and the confidence says so.
/// </summary>
internal static class SaturationRule
{
    public static CauseFinding? Check(RampView view, ScalabilityFinding finding, DiagnosisInput input, DiagnosisThresholds t)
    {
        var window = view.Measured.Where(s => s.Concurrency >= finding.Knee.Concurrency).ToArray();
        if (input.Watching)
        {
            var saturated = window.FirstOrDefault(s => s.CpuPercent >= t.SaturatedCpuPercent);
            if (saturated is not null)
            {
                return new CauseFinding(VerdictCause.Saturation,
                [
                    $"the watched processes used {CpuPercent(saturated.CpuPercent!.Value)} of the {Cpus(saturated.CpuLimit ?? 0)} they may use at {Users(saturated.Concurrency)}: the instance is full",
                    Throughput(view, saturated),
                ]);
            }

            var crowded = window.FirstOrDefault(s => s.MachineCpuPercent >= t.FullMachineCpuPercent && s.CpuPercent >= t.CrowdedTargetCpuPercent);
            if (crowded is not null)
            {
                return new CauseFinding(VerdictCause.Saturation,
                [
                    $"the machine was {CpuPercent(crowded.MachineCpuPercent!.Value)} busy at {Users(crowded.Concurrency)} and the watched processes had {CpuPercent(crowded.CpuPercent!.Value)} of their {Cpus(crowded.CpuLimit ?? 0)}: there was no CPU left for them to take",
                    Throughput(view, crowded),
                ]);
            }

            return null;
        }

        if (input.TargetIsLocal)
        {
            var full = window.FirstOrDefault(s => s.MachineCpuPercent >= t.FullMachineCpuPercent);
            if (full is not null)
            {
                return new CauseFinding(VerdictCause.Saturation,
                [
                    $"this machine, which the target shares with the generator, was {CpuPercent(full.MachineCpuPercent!.Value)} busy at {Users(full.Concurrency)} (the target's own share is unknown without --watch)",
                    Throughput(view, full),
                ]);
            }
        }

        return null;
    }

    private static string Throughput(RampView view, DiagnoseStep at)
    {
        var best = view.Measured.MaxBy(s => s.Throughput)!;
        return $"throughput stopped at about {Rate(best.Throughput)} (reached with {Users(best.Concurrency)}); {Users(at.Concurrency)} waited {Ms(at.LatencyMs.P50)} at p50 against {Ms(view.Baseline.LatencyMs.P50)} for one user";
    }
}
