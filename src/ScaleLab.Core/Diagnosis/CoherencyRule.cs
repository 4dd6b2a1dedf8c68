using ScaleLab.Core.Scalability;
using static ScaleLab.Core.Diagnosis.DiagnosisText;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// Coherency: throughput falls past a peak. The last step must be at least 15% under the best one, and the USL
/// must agree: κ earns its keep against Amdahl's law (which cannot fall) and puts the peak N* inside or just
/// beyond the tested range (at most twice the largest N). Without a fit, the fall alone must be twice as deep.
/// Checked before saturation: a target whose per-request cost grows with concurrency also burns the CPU, and it is
/// the growth, not the CPU, that more cores would not fix.
/// </summary>
internal static class CoherencyRule
{
    public static CauseFinding? Check(RampView view, DiagnosisThresholds t)
    {
        var measured = view.Measured;
        var peak = measured.MaxBy(s => s.Throughput)!;
        var last = measured[^1];
        if (peak.Concurrency >= last.Concurrency || !(peak.Throughput > 0))
        {
            return null;
        }

        var fall = 1 - last.Throughput / peak.Throughput;
        if (fall < t.RetrogradeFall)
        {
            return null;
        }

        var evidence = new List<string>
        {
            $"throughput peaked at {Rate(peak.Throughput)} with {Users(peak.Concurrency)} and fell {Percent(fall)} to {Rate(last.Throughput)} at {Users(last.Concurrency)}: each request costs more as more run at once",
        };

        if (view.Analysis is { } analysis)
        {
            var usl = analysis.Usl;
            if (analysis.Preferred != ScalabilityModelKind.Usl || usl.PeakConcurrency is not { } nStar || nStar > 2 * view.MaxN)
            {
                return null;
            }

            evidence.Add($"the USL fit puts the peak at N* = {Number(nStar)} users and {Rate(usl.PeakThroughput!.Value)}, with coherency κ = {Coefficient(usl.Model.Kappa)} and contention σ = {Coefficient(usl.Model.Sigma)}; {analysis.Comparison.Reason}");
        }
        else if (fall < 2 * t.RetrogradeFall)
        {
            return null;
        }

        AddCpu(evidence, last);
        return new CauseFinding(VerdictCause.Coherency, evidence);
    }

    private static void AddCpu(List<string> evidence, DiagnoseStep last)
    {
        if (last.CpuPercent is { } cpu && last.CpuLimit is { } limit)
        {
            evidence.Add($"the watched processes used {CpuPercent(cpu)} of their {Cpus(limit)} at {Users(last.Concurrency)}");
        }
    }
}
