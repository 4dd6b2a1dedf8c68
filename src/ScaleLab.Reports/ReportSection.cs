using ScaleLab.Reports.Charts;

namespace ScaleLab.Reports;

/// <summary>
/// A section a caller adds to a report beside its results: a title, a verdict line, charts and notes. It is how a
/// result this assembly does not know yet (a comparison, say) joins the page without a new rendering path.
/// </summary>
/// <param name="Title">The section's heading.</param>
/// <param name="Verdict">The one sentence that comes first.</param>
/// <param name="Charts">The evidence under it.</param>
public sealed record ReportSection(string Title, string Verdict, IReadOnlyList<Chart> Charts)
{
    /// <summary>Sentences under the charts, one paragraph each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
