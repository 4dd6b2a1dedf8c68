using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Results;

namespace ScaleLab.Load.Diagnosis;

/// <summary>What a diagnosis measured: the baseline, the steps, why the ramp ended, and what was watched.</summary>
/// <param name="Baseline">The one-user run (after the warm-up); null when interrupted before it ended.</param>
/// <param name="Steps">Every step, the baseline (N = 1) first.</param>
/// <param name="Stop">Why the ramp ended; null when it never started.</param>
/// <param name="StartedAt">When the diagnosis started (wall clock).</param>
/// <param name="Duration">How long it took.</param>
/// <param name="Interrupted">True when Ctrl-C ended it.</param>
/// <param name="GeneratorIsSeparate">False when the generator's own process was watched (a target served in-process).</param>
/// <param name="TargetIsLocal">True when the target is on this machine (a loopback address).</param>
/// <param name="Watch">What was watched; null without <c>--watch</c> or <c>--watch-name</c>.</param>
public sealed record DiagnosisMeasurement(
    RunResult? Baseline,
    IReadOnlyList<DiagnoseStep> Steps,
    RampStop? Stop,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    bool Interrupted,
    bool GeneratorIsSeparate,
    bool TargetIsLocal,
    WatchSummary? Watch)
{
    /// <summary>What the verdict rules judge, for <paramref name="plan"/>.</summary>
    public DiagnosisInput ToInput(DiagnosisPlan plan) =>
        new(Steps, plan.Slo, plan.Users, Watch is not null, GeneratorIsSeparate, TargetIsLocal, Stop);
}
