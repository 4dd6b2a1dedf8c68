using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Diagnosis;

/// <summary>What the verdict rules concluded.</summary>
/// <param name="Verdict">The verdict; null when nothing was measured to judge (the baseline got no response).</param>
/// <param name="Confidence">How far to trust it.</param>
/// <param name="Analysis">The USL, Amdahl and linear fits of the steps; null with fewer than three loads.</param>
public sealed record Judgement(Verdict? Verdict, DiagnosisConfidence Confidence, ScalabilityAnalysis? Analysis);
