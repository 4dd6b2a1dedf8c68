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
    IReadOnlyList<string> Advice)
{
    /// <summary>
    /// When throughput flattens (contention or saturation): how many requests were in service at once at the peak,
    /// by Little's law (peak throughput × one user's response time); null otherwise. A limit of about this size
    /// (workers, threads, connections, a lock's one holder) is what requests queue for.
    /// </summary>
    public double? KneeConcurrency { get; init; }
}
