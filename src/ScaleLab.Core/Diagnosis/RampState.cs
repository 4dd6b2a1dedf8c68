namespace ScaleLab.Core.Diagnosis;

/// <summary>Where a ramp stands after a step: what the stop rules look at.</summary>
/// <param name="Steps">The steps measured so far, the one-user baseline first.</param>
/// <param name="Slo">The objective.</param>
/// <param name="NextConcurrency">The users of the next planned step; null when the plan is done.</param>
/// <param name="Elapsed">Time spent since the diagnosis started.</param>
/// <param name="NextStepTime">How long the next step would take, warm-up included.</param>
/// <param name="Budget">The whole diagnosis's time budget (<c>--max-duration</c>).</param>
/// <param name="GeneratorIsSeparate">
/// False when a watched process is the generator's own (a target served in-process): its CPU then says nothing
/// about the generator alone.
/// </param>
public sealed record RampState(
    IReadOnlyList<DiagnoseStep> Steps,
    Slo Slo,
    int? NextConcurrency,
    TimeSpan Elapsed,
    TimeSpan NextStepTime,
    TimeSpan Budget,
    bool GeneratorIsSeparate);
