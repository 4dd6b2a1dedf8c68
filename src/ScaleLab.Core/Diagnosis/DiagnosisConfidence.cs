namespace ScaleLab.Core.Diagnosis;

/// <summary>How far to trust a verdict, and why (<c>confidence</c> in the JSON).</summary>
/// <param name="Level">The lowest level any note allows; high without notes.</param>
/// <param name="Notes">What limits it.</param>
public sealed record DiagnosisConfidence(ConfidenceLevel Level, IReadOnlyList<ConfidenceNote> Notes)
{
    /// <summary>The confidence that <paramref name="notes"/> leave.</summary>
    public static DiagnosisConfidence From(IReadOnlyList<ConfidenceNote> notes) =>
        new(notes.Count == 0 ? ConfidenceLevel.High : notes.Min(n => n.Lowers), notes);
}
