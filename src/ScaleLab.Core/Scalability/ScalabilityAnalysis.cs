namespace ScaleLab.Core.Scalability;

/// <summary>
/// Everything ScaleLab concludes from one set of (N, X) measurements: the USL, Amdahl and linear fits, which one
/// to believe, each point against the USL, and the warnings.
/// </summary>
/// <param name="Points">The measurements in input order, each with its fitted value, residual and efficiency (USL).</param>
/// <param name="Usl">The Universal Scalability Law fit.</param>
/// <param name="Amdahl">Amdahl's law (κ = 0).</param>
/// <param name="Linear">Linear scaling (σ = κ = 0).</param>
/// <param name="Comparison">The models compared, and the one preferred.</param>
/// <param name="Warnings">What a reader should know before trusting the numbers; empty when nothing.</param>
public sealed record ScalabilityAnalysis(
    IReadOnlyList<FittedPoint> Points,
    UslFit Usl,
    UslFit Amdahl,
    UslFit Linear,
    ModelComparison Comparison,
    IReadOnlyList<FitWarning> Warnings)
{
    /// <summary>The simplest model that describes the data as well as the others.</summary>
    public ScalabilityModelKind Preferred => Comparison.Preferred;

    /// <summary>The fit of <see cref="Preferred"/>.</summary>
    public UslFit PreferredFit => Preferred switch
    {
        ScalabilityModelKind.Linear => Linear,
        ScalabilityModelKind.Amdahl => Amdahl,
        _ => Usl,
    };

    /// <summary>Predicts X(N) and R(N) with the USL fit (the most general; it equals Amdahl's when κ = 0).</summary>
    public FitPrediction Predict(double n) => Usl.Predict(n);
}
