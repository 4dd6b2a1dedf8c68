using static ScaleLab.Core.Diagnosis.DiagnosisText;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// Contention: throughput flattens while the CPU stays low, so requests wait for something other than the CPU: a
/// lock, a pool, a single thread. The fallback once coherency and saturation are ruled out; unwatched, it cannot be
/// told from saturation, and the evidence says so.
/// </summary>
internal static class ContentionRule
{
    public static CauseFinding Check(RampView view, ScalabilityFinding finding, DiagnosisInput input)
    {
        var window = view.Measured.Where(s => s.Concurrency >= finding.Knee.Concurrency).ToArray();
        var best = view.Measured.MaxBy(s => s.Throughput)!;
        var evidence = new List<string>();
        var cpu = window.Where(s => s.CpuPercent is not null).MaxBy(s => s.CpuPercent);
        if (input.Watching && cpu is not null)
        {
            evidence.Add($"the watched processes used at most {CpuPercent(cpu.CpuPercent!.Value)} of their {Cpus(cpu.CpuLimit ?? 0)} from {Users(finding.Knee.Concurrency)} on, " +
                         $"while throughput stayed near {Rate(best.Throughput)}: requests wait for something other than the CPU");
        }
        else
        {
            var machine = window.Where(s => s.MachineCpuPercent is not null).MaxBy(s => s.MachineCpuPercent);
            var hint = input.TargetIsLocal && machine is not null
                ? $"; this machine, which the target shares, was at most {CpuPercent(machine.MachineCpuPercent!.Value)} busy"
                : string.Empty;
            evidence.Add($"throughput stayed near {Rate(best.Throughput)} from {Users(finding.Knee.Concurrency)} on{hint}; without --watch the target's own CPU is unknown, so this may also be saturation");
        }

        if (view.Analysis is { } analysis && analysis.Usl.AmdahlCeiling is { } ceiling && analysis.Amdahl.Model.Sigma > 0)
        {
            evidence.Add($"Amdahl's law fits with contention σ = {Coefficient(analysis.Amdahl.Model.Sigma)}: throughput cannot pass about {Rate(analysis.Amdahl.AmdahlCeiling ?? ceiling)} however many users come");
        }

        return new CauseFinding(VerdictCause.Contention, evidence);
    }
}
