namespace ScaleLab.Core.Scalability;

/// <summary>One fitted coefficient with its uncertainty.</summary>
/// <param name="Value">The least-squares estimate.</param>
/// <param name="StandardError">
/// The asymptotic standard error, √(s² (JᵀJ)⁻¹) as R's <c>nls</c> and the <c>usl</c> package compute it; null when the
/// coefficient was fixed by the model, or when there are no residual degrees of freedom.
/// </param>
/// <param name="ConfidenceInterval">The Wald interval, estimate ± t(df)·standard error; null when the error is.</param>
/// <param name="AtBound">The estimate sits on a bound of its range (σ or κ at 0 or 1).</param>
/// <param name="Fixed">The model fixes this coefficient (κ in Amdahl's law, σ and κ in the linear model).</param>
public sealed record ParameterEstimate(
    double Value,
    double? StandardError,
    ConfidenceInterval? ConfidenceInterval,
    bool AtBound,
    bool Fixed);
