namespace ScaleLab.Core.Diagnosis;

/// <summary>How far a verdict can be trusted.</summary>
public enum ConfidenceLevel
{
    /// <summary>The measurements could mislead: read the notes before acting.</summary>
    Low,

    /// <summary>The verdict stands, with caveats.</summary>
    Medium,

    /// <summary>Nothing found that weakens the verdict.</summary>
    High,
}
