namespace ScaleLab.Core.Diagnosis;

/// <summary>The conclusion of a diagnosis, with the numbers behind it and what to do.</summary>
/// <param name="Kind">performance, scalability, both or healthy.</param>
/// <param name="Cause">contention, coherency or saturation when load is a problem; none otherwise.</param>
/// <param name="Summary">One sentence for people.</param>
/// <param name="Evidence">The measurements the verdict rests on, each a sentence with its numbers.</param>
/// <param name="Advice">What to do, most useful first.</param>
public sealed record Verdict(
    VerdictKind Kind,
    VerdictCause Cause,
    string Summary,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<string> Advice);
