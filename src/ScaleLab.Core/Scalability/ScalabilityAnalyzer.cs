namespace ScaleLab.Core.Scalability;

/// <summary>
/// The entry point for a scalability analysis: give it measured (N, X) points, get back the USL, Amdahl and linear
/// fits, the preferred model, per-point efficiency and the warnings.
/// </summary>
/// <example>
/// <code>
/// var analysis = ScalabilityAnalyzer.Analyze([new(1, 64.9), new(18, 995.9), new(36, 1652.4), new(72, 1853.2)]);
/// var sigma = analysis.Usl.Sigma.Value;
/// var peak = analysis.Usl.PeakConcurrency;
/// </code>
/// </example>
public static class ScalabilityAnalyzer
{
    /// <summary>Fits and compares the three models on <paramref name="points"/>.</summary>
    /// <param name="points">At least 3 measurements at at least 3 different loads; repeated loads are welcome.</param>
    /// <param name="confidenceLevel">The level of every confidence interval, 0.95 unless given.</param>
    /// <exception cref="ScalabilityDataException">The points cannot be fitted; the one-line message says why.</exception>
    public static ScalabilityAnalysis Analyze(IReadOnlyList<ScalabilityPoint> points, double confidenceLevel = UslFitter.DefaultConfidenceLevel)
    {
        if (!(confidenceLevel > 0 && confidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "the confidence level lies strictly between 0 and 1");
        }

        var input = ScalabilityInput.From(points);
        var linear = UslFitter.Fit(input, ScalabilityModelKind.Linear, confidenceLevel);
        var amdahl = UslFitter.Fit(input, ScalabilityModelKind.Amdahl, confidenceLevel);
        var usl = UslFitter.Fit(input, ScalabilityModelKind.Usl, confidenceLevel);

        // The USL contains Amdahl's law; its optimum can't be worse. Should rounding make it so, take Amdahl's.
        if (amdahl.ResidualSumOfSquares < usl.ResidualSumOfSquares)
        {
            usl = UslFitter.Refit(input, ScalabilityModelKind.Usl, amdahl.Model, confidenceLevel);
        }

        var fitted = input.N.Select((n, i) => Point(usl.Model, n, input.Throughput[i])).ToArray();
        var comparison = ModelComparison.Compare(linear, amdahl, usl);
        return new ScalabilityAnalysis(fitted, usl, amdahl, linear, comparison, Warnings(input, usl, fitted));
    }

    private static FittedPoint Point(UslModel model, double n, double throughput)
    {
        var fitted = model.Throughput(n);
        return new FittedPoint(
            n,
            throughput,
            fitted,
            throughput - fitted,
            ScalingEfficiency.Of(n, throughput, model.Lambda),
            model.ContentionShare(n),
            model.CoherencyShare(n),
            throughput > 0 ? 1000 * n / throughput : null);
    }

    private static List<FitWarning> Warnings(ScalabilityInput input, UslFit usl, FittedPoint[] points)
    {
        var warnings = new List<FitWarning>();
        if (input.Count < ScalabilityInput.RecommendedPoints)
        {
            warnings.Add(FitWarnings.FewPoints(input.Count));
        }

        if (usl.DegreesOfFreedom <= 0)
        {
            warnings.Add(FitWarnings.NoDegreesOfFreedom(input.Count, usl.ParameterCount));
        }
        else if (usl.Sigma.StandardError is null)
        {
            warnings.Add(FitWarnings.NoStandardErrors());
        }

        var constant = input.Throughput.All(x => x == input.Throughput[0]);
        if (constant)
        {
            warnings.Add(FitWarnings.ConstantThroughput());
        }

        var zeros = points.Where(p => p.Throughput == 0).Select(p => p.N).Distinct().ToArray();
        if (zeros.Length > 0)
        {
            warnings.Add(FitWarnings.ZeroThroughput(zeros));
        }

        // Above 1 as printed (two places), so that rounding never shows "efficiency above 1 (1.00)".
        var superLinear = points.Where(p => Math.Round(p.Efficiency, 2) > 1).ToArray();
        if (superLinear.Length > 0)
        {
            warnings.Add(FitWarnings.SuperLinear(superLinear));
        }

        if (!constant)
        {
            if (usl.Model.Sigma == 1)
            {
                warnings.Add(FitWarnings.FullySerialised());
            }
            else if (usl.Model.Sigma == 0)
            {
                warnings.Add(FitWarnings.NoContention());
            }
        }

        if (usl.Model.Kappa == 0)
        {
            warnings.Add(FitWarnings.NoCoherency(usl.Model));
        }
        else if (usl.Model.Kappa == 1)
        {
            warnings.Add(FitWarnings.KappaAtOne());
        }

        if (usl.PeakConcurrency is { } peak && peak > 2 * input.MaxN)
        {
            warnings.Add(FitWarnings.PeakBeyondData(peak, input.MaxN));
        }

        return warnings;
    }
}
