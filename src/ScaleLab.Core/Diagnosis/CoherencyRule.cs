using ScaleLab.Core.Scalability;
using static ScaleLab.Core.Diagnosis.DiagnosisText;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// Coherency: throughput falls past a peak, and the USL agrees (κ earns its keep against Amdahl's law, which cannot
/// fall, and puts the peak N* inside or just beyond the tested range, at most twice the largest N).
/// <list type="bullet">
/// <item>A steep fall, the last step 15% or more under the best one, is checked before saturation: a target whose
/// per-request cost grows with concurrency also burns the CPU, and it is the growth that more cores would not fix.
/// Without a fit, the fall alone must be twice as deep.</item>
/// <item>A shallow fall, 5% to 15% (more than the noise of a flat, contended target), is checked after saturation and
/// also needs the fit to put more of the lost capacity on coherency than on contention at the largest N, so that a
/// lock's flat line with one low step stays contention.</item>
/// </list>
/// </summary>
internal static class CoherencyRule
{
    public static CauseFinding? CheckSteepFall(RampView view, DiagnosisThresholds t)
    {
        if (Fall(view) is not { } fall || fall.Share < t.RetrogradeFall)
        {
            return null;
        }

        if (view.Analysis is null)
        {
            return fall.Share >= 2 * t.RetrogradeFall ? Finding(fall, null) : null;
        }

        return FitAgrees(view) is { } fit ? Finding(fall, fit) : null;
    }

    public static CauseFinding? CheckShallowFall(RampView view, DiagnosisThresholds t)
    {
        if (Fall(view) is not { } fall || fall.Share < t.PlateauGain || FitAgrees(view) is not { } fit)
        {
            return null;
        }

        var largest = fit.Points.MaxBy(p => p.N)!;
        return largest.CoherencyShare >= largest.ContentionShare ? Finding(fall, fit) : null;
    }

    private static ScalabilityAnalysis? FitAgrees(RampView view) =>
        view.Analysis is { } analysis && analysis.Preferred == ScalabilityModelKind.Usl
        && analysis.Usl.Model.Kappa > 0 && analysis.Usl.PeakConcurrency is { } nStar && nStar <= 2 * view.MaxN
            ? analysis
            : null;

    private static (DiagnoseStep Peak, DiagnoseStep Last, double Share)? Fall(RampView view)
    {
        var measured = view.Measured;
        var peak = measured.MaxBy(s => s.Throughput)!;
        var last = measured[^1];
        return peak.Concurrency < last.Concurrency && peak.Throughput > 0 ? (peak, last, 1 - last.Throughput / peak.Throughput) : null;
    }

    private static CauseFinding Finding((DiagnoseStep Peak, DiagnoseStep Last, double Share) fall, ScalabilityAnalysis? fit)
    {
        var (peak, last, share) = fall;
        var evidence = new List<string>
        {
            $"throughput peaked at {Rate(peak.Throughput)} with {Users(peak.Concurrency)} and fell {Percent(share)} to {Rate(last.Throughput)} at {Users(last.Concurrency)}: each request costs more as more run at once",
        };
        if (fit is not null)
        {
            var usl = fit.Usl;
            var largest = fit.Points.MaxBy(p => p.N)!;
            evidence.Add($"the USL fit puts the peak at N* = {Number(usl.PeakConcurrency!.Value)} users and {Rate(usl.PeakThroughput!.Value)}, with coherency κ = {Coefficient(usl.Model.Kappa)} " +
                         $"and contention σ = {Coefficient(usl.Model.Sigma)} (at {Users((int)largest.N)}, {Percent(largest.CoherencyShare)} of linear capacity lost to coherency, {Percent(largest.ContentionShare)} to contention); {fit.Comparison.Reason}");
        }

        if (last.CpuPercent is { } cpu && last.CpuLimit is { } limit)
        {
            evidence.Add($"the watched processes used {CpuPercent(cpu)} of their {Cpus(limit)} at {Users(last.Concurrency)}");
        }

        return new CauseFinding(VerdictCause.Coherency, evidence);
    }
}
