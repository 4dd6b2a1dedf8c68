namespace ScaleLab.Core.Comparison;

/// <summary>Results compared: every figure's change, the one-line summary, and what to know.</summary>
/// <param name="Kind">The kind of the results compared.</param>
/// <param name="Alpha">The significance level a change is judged at.</param>
/// <param name="Metrics">Every figure, in print order.</param>
/// <param name="Summary">The seed's one line: the performance change, then the scalability change.</param>
/// <param name="Warnings">What to know before trusting it.</param>
public sealed record Comparison(string Kind, double Alpha, IReadOnlyList<MetricChange> Metrics, string Summary, IReadOnlyList<string> Warnings)
{
    /// <summary>The figure named <paramref name="metric"/>, or null.</summary>
    public MetricChange? Find(string metric) => Metrics.FirstOrDefault(m => m.Metric == metric);
}
