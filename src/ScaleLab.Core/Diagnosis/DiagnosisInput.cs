namespace ScaleLab.Core.Diagnosis;

/// <summary>Everything the verdict rules judge.</summary>
/// <param name="Steps">The measured steps, the one-user baseline (N = 1) first.</param>
/// <param name="Slo">The objective.</param>
/// <param name="Users">The concurrency the service must serve (<c>--users</c>).</param>
/// <param name="Watching">True when the target's processes were watched (<c>--watch</c>, <c>--watch-name</c>).</param>
/// <param name="GeneratorIsSeparate">False when a watched process is the generator's own (a target served in-process).</param>
/// <param name="TargetIsLocal">True when the target is on this machine (a loopback address), sharing its CPU with the generator.</param>
/// <param name="Stop">Why the ramp ended; null when it never started.</param>
public sealed record DiagnosisInput(
    IReadOnlyList<DiagnoseStep> Steps,
    Slo Slo,
    int Users,
    bool Watching,
    bool GeneratorIsSeparate,
    bool TargetIsLocal,
    RampStop? Stop);
