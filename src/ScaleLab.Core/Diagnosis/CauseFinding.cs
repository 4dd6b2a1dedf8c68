namespace ScaleLab.Core.Diagnosis;

/// <summary>A cause a rule found, with the measurements that show it.</summary>
internal sealed record CauseFinding(VerdictCause Cause, IReadOnlyList<string> Evidence);
