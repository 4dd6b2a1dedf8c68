using System.Collections.Concurrent;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace ScaleLab.Core.Scalability;

/// <summary>
/// Fits the Universal Scalability Law (or Amdahl's law, or linear scaling) to measured (N, X) points by bounded
/// nonlinear least squares: 0 ≤ σ ≤ 1, 0 ≤ κ ≤ 1, λ &gt; 0.
/// </summary>
/// <remarks>
/// The coefficients are the global least-squares optimum (see <see cref="UslSolver"/>): on the R <c>usl</c>
/// package's datasets they agree with R to at least four significant figures. Standard errors follow R's
/// <c>nls</c>: √(diag((JᵀJ)⁻¹)·RSS/(n − p)) with the Jacobian of all estimated coefficients, including one sitting on
/// a bound. Intervals are estimate ± t(1 − α/2, n − p)·SE. (The <c>usl</c> package's <c>confint</c> uses
/// t(level, n − 1), a narrower 90% interval; its standard errors are the same as these.)
/// Use <see cref="ScalabilityAnalyzer"/> to fit all three models, compare them and collect warnings.
/// </remarks>
public static class UslFitter
{
    /// <summary>The confidence level used when none is given.</summary>
    public const double DefaultConfidenceLevel = 0.95;

    private static readonly ConcurrentDictionary<(int, double), double> Quantiles = new();

    /// <summary>Fits the Universal Scalability Law.</summary>
    /// <exception cref="ScalabilityDataException">The points cannot be fitted; the message says why.</exception>
    public static UslFit Fit(IReadOnlyList<ScalabilityPoint> points, double confidenceLevel = DefaultConfidenceLevel) =>
        Fit(points, ScalabilityModelKind.Usl, confidenceLevel);

    /// <summary>Fits <paramref name="kind"/>: the USL, Amdahl's law (κ = 0) or linear scaling (σ = κ = 0).</summary>
    /// <exception cref="ScalabilityDataException">The points cannot be fitted; the message says why.</exception>
    public static UslFit Fit(IReadOnlyList<ScalabilityPoint> points, ScalabilityModelKind kind, double confidenceLevel = DefaultConfidenceLevel)
    {
        if (!(confidenceLevel > 0 && confidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "the confidence level lies strictly between 0 and 1");
        }

        return Fit(ScalabilityInput.From(points), kind, confidenceLevel);
    }

    internal static UslFit Fit(ScalabilityInput input, ScalabilityModelKind kind, double confidenceLevel)
    {
        var scaled = UslSolver.Solve(input.N, input.Scaled, kind);
        var model = new UslModel(scaled.Sigma, scaled.Kappa, scaled.Lambda * input.Scale);
        return Describe(input, kind, model, confidenceLevel);
    }

    /// <summary>Describes <paramref name="model"/>, found elsewhere, as a fit of <paramref name="kind"/>.</summary>
    internal static UslFit Refit(ScalabilityInput input, ScalabilityModelKind kind, UslModel model, double confidenceLevel) =>
        Describe(input, kind, model, confidenceLevel);

    /// <summary>The statistics of <paramref name="model"/> as a fit of <paramref name="kind"/> to <paramref name="input"/>.</summary>
    private static UslFit Describe(ScalabilityInput input, ScalabilityModelKind kind, UslModel model, double confidenceLevel)
    {
        var count = input.Count;
        var free = FreeParameters(kind);
        var parameterCount = free.Count(f => f);
        var df = count - parameterCount;

        // Residuals in scaled units, so that squares never overflow; RSS is scaled back at the end.
        var scale = input.Scale;
        var scaledModel = model with { Lambda = model.Lambda / scale };
        var rssScaled = UslSolver.Rss(input.N, input.Scaled, scaledModel.Sigma, scaledModel.Kappa, scaledModel.Lambda);
        var mean = input.Scaled.Average();
        var tss = input.Scaled.Sum(y => (y - mean) * (y - mean));

        double? residualVariance = df > 0 ? rssScaled / df : null;
        var covariance = residualVariance is { } s2 ? Covariance(input, scaledModel, free, s2, scale) : null;
        double? t = df > 0 ? TQuantile(df, confidenceLevel) : null;

        var rSquared = tss > 0 ? 1 - rssScaled / tss : rssScaled <= 1e-24 ? 1 : 0;
        double? adjusted = df > 0 ? 1 - (1 - rSquared) * (count - 1) / df : null;

        // R's AIC for nls: n(ln 2π + 1 + ln(RSS/n)) + 2k, k counting the residual variance. RSS is taken in
        // scaled units plus 2n·ln(scale), the same number without squaring a huge throughput. A perfect fit has
        // RSS = 0 and AIC = −∞; flooring RSS at 10⁻²⁴ of the scaled data keeps AIC finite and ranks equally
        // perfect models by their number of coefficients alone.
        var k = parameterCount + 1;
        var aic = count * (Math.Log(2 * Math.PI) + 1 + Math.Log(Math.Max(rssScaled, 1e-24) / count) + 2 * Math.Log(scale)) + 2 * k;
        double? aicc = count - k - 1 > 0 ? aic + 2.0 * k * (k + 1) / (count - k - 1) : null;

        var sigma = Estimate(model.Sigma, 0, free[0], covariance, t, bounded: true);
        var kappa = Estimate(model.Kappa, 1, free[1], covariance, t, bounded: true);
        var lambda = Estimate(model.Lambda, 2, free[2], covariance, t, bounded: false);
        var atBound = new List<string>();
        if (sigma.AtBound)
        {
            atBound.Add("sigma");
        }

        if (kappa.AtBound)
        {
            atBound.Add("kappa");
        }

        return new UslFit
        {
            Kind = kind,
            Model = model,
            Sigma = sigma,
            Kappa = kappa,
            Lambda = lambda,
            AtBound = atBound,
            PointCount = count,
            ParameterCount = parameterCount,
            ResidualSumOfSquares = rssScaled * scale * scale,
            ResidualStandardError = residualVariance is { } v ? Math.Sqrt(v) * scale : null,
            RSquared = rSquared,
            AdjustedRSquared = adjusted,
            Aic = aic,
            Aicc = aicc,
            ConfidenceLevel = confidenceLevel,
            MinMeasuredN = input.MinN,
            MaxMeasuredN = input.MaxN,
            Covariance = covariance,
            TQuantile = t,
        };
    }

    private static bool[] FreeParameters(ScalabilityModelKind kind) => kind switch
    {
        ScalabilityModelKind.Linear => [false, false, true],
        ScalabilityModelKind.Amdahl => [true, false, true],
        _ => [true, true, true],
    };

    private static ParameterEstimate Estimate(double value, int index, bool free, double[,]? covariance, double? t, bool bounded)
    {
        if (!free)
        {
            return new ParameterEstimate(value, null, null, false, true);
        }

        double? error = covariance is { } c ? Math.Sqrt(c[index, index]) : null;
        ConfidenceInterval? interval = error is { } e && t is { } q ? new ConfidenceInterval(value - q * e, value + q * e) : null;
        var atBound = bounded && (value == 0 || value == 1);
        return new ParameterEstimate(value, error, interval, atBound, false);
    }

    /// <summary>
    /// s²·(JᵀJ)⁻¹ over the free coefficients, placed in a 3×3 (σ, κ, λ) matrix with zeros for fixed ones, in the
    /// data's units; null when JᵀJ is singular (the data cannot tell the coefficients apart).
    /// </summary>
    private static double[,]? Covariance(ScalabilityInput input, UslModel scaledModel, bool[] free, double residualVariance, double scale)
    {
        var p = Vector<double>.Build.DenseOfArray([scaledModel.Sigma, scaledModel.Kappa, scaledModel.Lambda]);
        var fullJacobian = UslSolver.Jacobian(p, Vector<double>.Build.DenseOfArray(input.N));
        var columns = Enumerable.Range(0, 3).Where(j => free[j]).ToArray();
        var jacobian = Matrix<double>.Build.Dense(input.Count, columns.Length, (i, j) => fullJacobian[i, columns[j]]);

        // Normalise the columns first: κ's column can be 10⁹ times σ's, and the inverse of the raw JᵀJ would
        // lose everything to rounding.
        var norms = new double[columns.Length];
        for (var j = 0; j < columns.Length; j++)
        {
            norms[j] = jacobian.Column(j).L2Norm();
            if (!(norms[j] > 0) || !double.IsFinite(norms[j]))
            {
                return null;
            }

            jacobian.SetColumn(j, jacobian.Column(j) / norms[j]);
        }

        // With unit columns, a condition number past 10¹³ means two coefficients trade off exactly (e.g. κ and σ
        // when every N is tiny): their errors would be rounding noise, so report none rather than nonsense.
        var normal = jacobian.TransposeThisAndMultiply(jacobian);
        if (!(normal.ConditionNumber() < 1e13))
        {
            return null;
        }

        var inverse = normal.Inverse();
        var result = new double[3, 3];
        for (var a = 0; a < columns.Length; a++)
        {
            for (var b = 0; b < columns.Length; b++)
            {
                // λ was fitted to throughput / scale: its row and column scale back by that factor; σ and κ
                // don't depend on the unit of throughput.
                var unitA = columns[a] == 2 ? scale : 1;
                var unitB = columns[b] == 2 ? scale : 1;
                result[columns[a], columns[b]] = inverse[a, b] / (norms[a] * norms[b]) * residualVariance * unitA * unitB;
            }
        }

        return AllFinite(result) ? result : null;
    }

    private static bool AllFinite(double[,] matrix)
    {
        foreach (var value in matrix)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    private static double TQuantile(int degreesOfFreedom, double level) =>
        Quantiles.GetOrAdd((degreesOfFreedom, level), key => StudentT.InvCDF(0, 1, key.Item1, 1 - (1 - key.Item2) / 2));
}
