using System.Globalization;

namespace ScaleLab.Core.Scalability;

/// <summary>How one model of the family scored on the data.</summary>
/// <param name="Kind">The model.</param>
/// <param name="Parameters">Its number of estimated coefficients.</param>
/// <param name="ResidualSumOfSquares">Σ(Xᵢ − X̂ᵢ)².</param>
/// <param name="Aic">Akaike's information criterion (lower is better).</param>
/// <param name="Aicc">AIC corrected for small samples; null when undefined.</param>
/// <param name="AdjustedRSquared">R² adjusted for the coefficients; null without degrees of freedom.</param>
public sealed record ModelScore(
    ScalabilityModelKind Kind,
    int Parameters,
    double ResidualSumOfSquares,
    double Aic,
    double? Aicc,
    double? AdjustedRSquared);

/// <summary>
/// Linear vs Amdahl vs USL on the same data: the simplest model whose AIC is within <see cref="Margin"/> of the
/// best is preferred, so a coefficient is kept only when it earns its keep.
/// </summary>
/// <param name="Preferred">The model to believe.</param>
/// <param name="Criterion">The criterion compared: <c>aic</c>.</param>
/// <param name="Margin">AIC units a more complex model must win by.</param>
/// <param name="Scores">Each model's score, simplest first.</param>
/// <param name="Reason">One line saying why.</param>
public sealed record ModelComparison(
    ScalabilityModelKind Preferred,
    string Criterion,
    double Margin,
    IReadOnlyList<ModelScore> Scores,
    string Reason)
{
    /// <summary>
    /// Burnham and Anderson's rule of thumb: models within 2 AIC units of the best have substantial support, so
    /// the extra coefficient must lower AIC by more than that. Plain AIC rather than AICc: with the 5–8 points of a
    /// typical ramp, AICc's correction (40 units for the USL at n = 6) would refuse κ even on clearly retrograde data.
    /// </summary>
    public const double DefaultMargin = 2;

    /// <summary>Compares the three fits of one data set.</summary>
    public static ModelComparison Compare(UslFit linear, UslFit amdahl, UslFit usl)
    {
        UslFit[] fits = [linear, amdahl, usl];
        var scores = fits.Select(f => new ModelScore(f.Kind, f.ParameterCount, f.ResidualSumOfSquares, f.Aic, f.Aicc, f.AdjustedRSquared)).ToArray();
        var bestAic = fits.Min(f => f.Aic);
        var preferred = fits.First(f => f.Aic <= bestAic + DefaultMargin);
        var best = fits.MinBy(f => f.Aic)!;
        return new ModelComparison(preferred.Kind, "aic", DefaultMargin, scores, Explain(preferred, best, linear, amdahl, usl));
    }

    private static string Explain(UslFit preferred, UslFit best, UslFit linear, UslFit amdahl, UslFit usl)
    {
        var aic = (UslFit f) => f.Aic.ToString("0.0", CultureInfo.InvariantCulture);
        return preferred.Kind switch
        {
            ScalabilityModelKind.Usl =>
                $"the coherency term κ earns its keep: AIC {aic(usl)} for the USL vs {aic(amdahl)} for Amdahl",
            ScalabilityModelKind.Amdahl when best.Kind == ScalabilityModelKind.Usl =>
                $"κ does not earn its keep (AIC {aic(usl)} for the USL vs {aic(amdahl)} for Amdahl): contention alone explains the data",
            ScalabilityModelKind.Amdahl =>
                $"contention σ explains the data (AIC {aic(amdahl)} vs {aic(linear)} for linear) and κ adds nothing (AIC {aic(usl)})",
            _ when best.Kind == ScalabilityModelKind.Linear =>
                $"throughput grows linearly with N: neither σ nor κ improves the fit (AIC {aic(linear)} linear, {aic(amdahl)} Amdahl, {aic(usl)} USL)",
            _ =>
                $"σ and κ do not earn their keep (AIC {aic(linear)} linear vs {aic(best)} for {best.Kind.ToString().ToUpperInvariant()}): throughput grows about linearly",
        };
    }
}
