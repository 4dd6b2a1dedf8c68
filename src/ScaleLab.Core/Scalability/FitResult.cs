using System.Text.Json.Serialization;
using ScaleLab.Core.Results;

namespace ScaleLab.Core.Scalability;

/// <summary>
/// The JSON result of <c>scalelab fit</c> (kind <c>fit</c>): the header every result carries, the three fits, the
/// preferred model, every point, the optional predictions, latency target and what-if, and the warnings.
/// Field names are a public contract: add fields, don't rename them.
/// </summary>
public sealed record FitResult : ResultDocument
{
    /// <summary>Where the points came from.</summary>
    public required FitSource Source { get; init; }

    /// <summary>The Universal Scalability Law fit.</summary>
    public required UslSection Usl { get; init; }

    /// <summary>Amdahl's law (κ = 0).</summary>
    public required AmdahlSection Amdahl { get; init; }

    /// <summary>Linear scaling.</summary>
    public required LinearSection Linear { get; init; }

    /// <summary><c>usl</c>, <c>amdahl</c> or <c>linear</c>: the simplest model that fits as well as the others.</summary>
    public required ScalabilityModelKind Preferred { get; init; }

    /// <summary>How the models compared.</summary>
    public required ModelComparison Comparison { get; init; }

    /// <summary>Every measurement against the USL fit.</summary>
    public required IReadOnlyList<FittedPoint> Points { get; init; }

    /// <summary>Predictions asked for with <c>--predict</c>.</summary>
    public IReadOnlyList<FitPrediction>? Predictions { get; init; }

    /// <summary>The capacity under <c>--latency-target</c>.</summary>
    public LatencyTargetCapacity? LatencyTarget { get; init; }

    /// <summary>The what-if asked for with <c>--sigma</c>, <c>--kappa</c> or <c>--lambda</c>.</summary>
    public WhatIfSection? WhatIf { get; init; }

    /// <summary>What to know before trusting the numbers, including the predictions' warnings.</summary>
    public required IReadOnlyList<FitWarning> Warnings { get; init; }

    /// <summary>Assembles the result of one <c>fit</c> run.</summary>
    public static FitResult Create(
        ResultHeader header,
        FitSource source,
        ScalabilityAnalysis analysis,
        IReadOnlyList<FitPrediction>? predictions = null,
        LatencyTargetCapacity? latencyTarget = null,
        WhatIfComparison? whatIf = null)
    {
        var warnings = analysis.Warnings
            .Concat(predictions?.Select(p => p.Warning).OfType<FitWarning>() ?? [])
            .ToArray();
        return Stamp(new FitResult
        {
            Source = source,
            Usl = UslSection.From(analysis.Usl),
            Amdahl = AmdahlSection.From(analysis.Amdahl),
            Linear = LinearSection.From(analysis.Linear),
            Preferred = analysis.Preferred,
            Comparison = analysis.Comparison,
            Points = analysis.Points,
            Predictions = predictions,
            LatencyTarget = latencyTarget,
            WhatIf = whatIf is null ? null : WhatIfSection.From(whatIf),
            Warnings = warnings,
        }, header);
    }
}

/// <summary>Where a fit's points came from.</summary>
/// <param name="File">The file read.</param>
/// <param name="Format"><c>csv</c> or <c>json</c>.</param>
/// <param name="NColumn">The column read as N.</param>
/// <param name="ThroughputColumn">The column read as throughput.</param>
/// <param name="PointCount">The points fitted.</param>
/// <param name="Notes">Rows skipped and why.</param>
public sealed record FitSource(string File, string Format, string NColumn, string ThroughputColumn, int PointCount, IReadOnlyList<string> Notes);

/// <summary>The <c>usl</c> section: coefficients, their errors and intervals, and what they imply.</summary>
public sealed record UslSection(
    double Sigma,
    double Kappa,
    double Lambda,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? SigmaStdError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? KappaStdError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? LambdaStdError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ConfidenceInterval? SigmaCi,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ConfidenceInterval? KappaCi,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ConfidenceInterval? LambdaCi,
    double ConfidenceLevel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? PeakConcurrency,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? PeakConcurrencyFloor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? PeakThroughput,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? AmdahlCeiling,
    double R2,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? AdjustedR2,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ResidualStdError,
    double ResidualSumOfSquares,
    int DegreesOfFreedom,
    double Aic,
    IReadOnlyList<string> AtBound)
{
    /// <summary>The section for <paramref name="fit"/>.</summary>
    public static UslSection From(UslFit fit) => new(
        fit.Model.Sigma,
        fit.Model.Kappa,
        fit.Model.Lambda,
        fit.Sigma.StandardError,
        fit.Kappa.StandardError,
        fit.Lambda.StandardError,
        fit.Sigma.ConfidenceInterval,
        fit.Kappa.ConfidenceInterval,
        fit.Lambda.ConfidenceInterval,
        fit.ConfidenceLevel,
        fit.PeakConcurrency,
        fit.PeakConcurrencyFloor,
        fit.PeakThroughput,
        fit.AmdahlCeiling,
        fit.RSquared,
        fit.AdjustedRSquared,
        fit.ResidualStandardError,
        fit.ResidualSumOfSquares,
        fit.DegreesOfFreedom,
        fit.Aic,
        fit.AtBound);
}

/// <summary>The <c>amdahl</c> section: Amdahl's law fitted on its own (κ fixed at 0).</summary>
public sealed record AmdahlSection(
    double Sigma,
    double Lambda,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? SigmaStdError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? LambdaStdError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ConfidenceInterval? SigmaCi,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ConfidenceInterval? LambdaCi,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? AmdahlCeiling,
    double R2,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? AdjustedR2,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ResidualStdError,
    double Aic,
    IReadOnlyList<string> AtBound)
{
    /// <summary>The section for <paramref name="fit"/>.</summary>
    public static AmdahlSection From(UslFit fit) => new(
        fit.Model.Sigma,
        fit.Model.Lambda,
        fit.Sigma.StandardError,
        fit.Lambda.StandardError,
        fit.Sigma.ConfidenceInterval,
        fit.Lambda.ConfidenceInterval,
        fit.AmdahlCeiling,
        fit.RSquared,
        fit.AdjustedRSquared,
        fit.ResidualStandardError,
        fit.Aic,
        fit.AtBound);
}

/// <summary>The <c>linear</c> section: X = λN.</summary>
public sealed record LinearSection(
    double Lambda,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? LambdaStdError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ConfidenceInterval? LambdaCi,
    double R2,
    double Aic)
{
    /// <summary>The section for <paramref name="fit"/>.</summary>
    public static LinearSection From(UslFit fit) =>
        new(fit.Model.Lambda, fit.Lambda.StandardError, fit.Lambda.ConfidenceInterval, fit.RSquared, fit.Aic);
}

/// <summary>The <c>whatIf</c> section: the replaced coefficients, what they imply, and throughput both ways.</summary>
public sealed record WhatIfSection(
    double Sigma,
    double Kappa,
    double Lambda,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? PeakConcurrency,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? PeakThroughput,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? AmdahlCeiling,
    IReadOnlyList<WhatIfPoint> Points)
{
    /// <summary>The section for <paramref name="comparison"/>.</summary>
    public static WhatIfSection From(WhatIfComparison comparison) => new(
        comparison.WhatIf.Sigma,
        comparison.WhatIf.Kappa,
        comparison.WhatIf.Lambda,
        comparison.WhatIf.PeakConcurrency,
        comparison.WhatIf.PeakThroughput,
        comparison.WhatIf.AmdahlCeiling,
        comparison.Points);
}
