using ScaleLab.Core.Diagnosis;

namespace ScaleLab.Load.Diagnosis;

/// <summary>A diagnosis under way: a step starting (<see cref="Step"/> null) or measured.</summary>
/// <param name="Concurrency">The step's users; 1 for the baseline.</param>
/// <param name="Warmup">The step's warm-up.</param>
/// <param name="Duration">The step's measured window (the longest it may take, for the baseline).</param>
/// <param name="Step">The step measured; null when it is starting.</param>
public sealed record DiagnosisProgress(int Concurrency, TimeSpan Warmup, TimeSpan Duration, DiagnoseStep? Step)
{
    /// <summary>When the step is about to be measured again: its least disturbed measurement so far, which looked like a stall.</summary>
    public DiagnoseStep? Repeating { get; init; }

    /// <summary>With <see cref="Repeating"/>: the attempt about to start, 2 or more.</summary>
    public int Attempt { get; init; }
}
