using ScaleLab.Core.Scalability;
using static ScaleLab.Core.Diagnosis.DiagnosisText;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// Coherency: throughput falls past a peak, and the USL puts more of the lost capacity on coherency (κ) than on
/// contention (σ) at the largest N measured, so that a lock whose flat line ends in one low step (a convoy on a busy
/// machine) stays contention.
/// <list type="bullet">
/// <item>A steep fall, the last step 15% or more under the best one, is checked before saturation: a target whose
/// per-request cost grows with concurrency also burns the CPU, and it is the growth that more cores would not fix.
/// With four loads or more the fit must also prefer the USL to Amdahl's law (which cannot fall) and put the peak N*
/// inside or just beyond the tested range (at most twice the largest N); with three, the fit passes through every
/// point and proves nothing, so the fall must be twice as deep; with two, there is no peak to speak of.</item>
/// <item>A shallow fall, 5% to 15% (more than the noise of a flat, contended target), is checked after saturation and
/// needs all of the fit's agreement.</item>
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

        var analysis = view.Analysis;
        if (analysis is null)
        {
            return null; // two loads: one fall from one user is no peak
        }

        if (analysis.Usl.DegreesOfFreedom <= 0)
        {
            return fall.Share >= 2 * t.RetrogradeFall && CoherencyDominates(analysis) ? Finding(fall, analysis) : null;
        }

        return FitAgrees(view, analysis) ? Finding(fall, analysis) : null;
    }

    public static CauseFinding? CheckShallowFall(RampView view, DiagnosisThresholds t) =>
        Fall(view) is { } fall && fall.Share >= t.PlateauGain
        && view.Analysis is { } analysis && analysis.Usl.DegreesOfFreedom > 0 && FitAgrees(view, analysis)
            ? Finding(fall, analysis)
            : null;

    private static bool FitAgrees(RampView view, ScalabilityAnalysis analysis) =>
        analysis.Preferred == ScalabilityModelKind.Usl
        && analysis.Usl.Model.Kappa > 0
        && analysis.Usl.PeakConcurrency is { } nStar && nStar <= 2 * view.MaxN
        && CoherencyDominates(analysis);

    private static bool CoherencyDominates(ScalabilityAnalysis analysis)
    {
        var largest = analysis.Points.MaxBy(p => p.N)!;
        return largest.CoherencyShare > 0 && largest.CoherencyShare >= largest.ContentionShare;
    }

    private static (DiagnoseStep Peak, DiagnoseStep Last, double Share)? Fall(RampView view)
    {
        var measured = view.Measured;
        var peak = measured.MaxBy(s => s.Throughput)!;
        var last = measured[^1];
        return peak.Concurrency < last.Concurrency && peak.Throughput > 0 ? (peak, last, 1 - last.Throughput / peak.Throughput) : null;
    }

    private static CauseFinding Finding((DiagnoseStep Peak, DiagnoseStep Last, double Share) fall, ScalabilityAnalysis fit)
    {
        var (peak, last, share) = fall;
        var evidence = new List<string>
        {
            $"throughput peaked at {Rate(peak.Throughput)} with {Users(peak.Concurrency)} and fell {Percent(share)} to {Rate(last.Throughput)} at {Users(last.Concurrency)}: each request costs more as more run at once",
        };
        {
            var usl = fit.Usl;
            var largest = fit.Points.MaxBy(p => p.N)!;
            var peakText = usl.PeakConcurrency is { } nStar
                ? $"puts the peak at N* = {Number(nStar)} users and {Rate(usl.PeakThroughput!.Value)}, with"
                : "finds";
            evidence.Add($"the USL fit {peakText} coherency κ = {Coefficient(usl.Model.Kappa)} and contention σ = {Coefficient(usl.Model.Sigma)} " +
                         $"(at {Users((int)largest.N)}, {Percent(largest.CoherencyShare)} of linear capacity lost to coherency, {Percent(largest.ContentionShare)} to contention); {fit.Comparison.Reason}");
        }

        if (last.CpuPercent is { } cpu && last.CpuLimit is { } limit)
        {
            evidence.Add($"the watched processes used {CpuPercent(cpu)} of their {Cpus(limit)} at {Users(last.Concurrency)}");
        }

        return new CauseFinding(VerdictCause.Coherency, evidence);
    }
}
