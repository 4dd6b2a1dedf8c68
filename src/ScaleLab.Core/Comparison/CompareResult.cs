using ScaleLab.Core.Results;

namespace ScaleLab.Core.Comparison;

/// <summary>
/// The JSON result of <c>scalelab compare</c> (kind <c>compare</c>): the files on each side, every figure's change
/// and whether it is beyond noise, the one-line summary, and the <c>--fail-if</c> conditions judged.
/// </summary>
public sealed record CompareResult : ResultDocument
{
    /// <summary>A result of kind <c>compare</c>.</summary>
    public CompareResult() => Kind = "compare";

    /// <summary>The kind of the results compared: <c>run</c>, <c>diagnose</c>, <c>scale</c> or <c>fit</c>.</summary>
    public required string ComparedKind { get; init; }

    /// <summary>The files before.</summary>
    public required IReadOnlyList<string> Before { get; init; }

    /// <summary>The files after.</summary>
    public required IReadOnlyList<string> After { get; init; }

    /// <summary>The significance level: a change with p below it is beyond noise.</summary>
    public required double Alpha { get; init; }

    /// <summary>Every figure, before and after.</summary>
    public required IReadOnlyList<MetricChange> Metrics { get; init; }

    /// <summary>The one line: the performance change, then the scalability change.</summary>
    public required string Summary { get; init; }

    /// <summary>The <c>--fail-if</c> conditions judged; empty without.</summary>
    public IReadOnlyList<FailOutcome> FailIf { get; init; } = [];

    /// <summary>What to know before trusting it.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Assembles the result.</summary>
    public static CompareResult Create(ResultHeader header, IReadOnlyList<string> before, IReadOnlyList<string> after, Comparison comparison, IReadOnlyList<FailOutcome> failIf)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return Stamp(new CompareResult
        {
            ComparedKind = comparison.Kind,
            Before = before,
            After = after,
            Alpha = comparison.Alpha,
            Metrics = comparison.Metrics,
            Summary = comparison.Summary,
            FailIf = failIf,
            Warnings = comparison.Warnings,
        }, header);
    }
}
