using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Planning;

/// <summary>
/// Capacity against size (replicas or cores) from measured steps: the USL fitted with its confidence band from
/// three sizes on, Amdahl's law through the two points from two (no band: two points fix two coefficients exactly).
/// </summary>
internal sealed class CapacityCurve
{
    private readonly UslFit? _fit;

    private CapacityCurve(UslModel model, UslFit? fit, double maxMeasured, int sizes)
    {
        Model = model;
        _fit = fit;
        MaxMeasured = maxMeasured;
        Sizes = sizes;
    }

    public UslModel Model { get; }

    public double MaxMeasured { get; }

    /// <summary>Distinct sizes measured.</summary>
    public int Sizes { get; }

    public bool HasBand => _fit is { Sigma.StandardError: not null };

    /// <summary>How the curve was made, for the notes.</summary>
    public string Method => _fit is null
        ? "Amdahl's law through the two measured sizes (no confidence band)"
        : HasBand
            ? $"the USL fitted over {Sizes} sizes, {(_fit.ConfidenceLevel * 100):0}% band"
            : $"the USL fitted over {Sizes} sizes (no band: no degrees of freedom left)";

    /// <summary>The curve through (size, capacity) points; null with fewer than two distinct sizes.</summary>
    public static CapacityCurve? Fit(IReadOnlyList<(double Size, double Capacity)> points)
    {
        var sizes = points.Select(p => p.Size).Distinct().Count();
        if (sizes < 2)
        {
            return null;
        }

        var max = points.Max(p => p.Size);
        if (sizes >= ScalabilityInput.MinimumPoints)
        {
            var analysis = ScalabilityAnalyzer.Analyze([.. points.Select(p => new ScalabilityPoint(p.Size, p.Capacity))]);
            return new CapacityCurve(analysis.Usl.Model, analysis.Usl, max, sizes);
        }

        return new CapacityCurve(TwoPointAmdahl(points), null, max, sizes);
    }

    /// <summary>The predicted capacity at <paramref name="size"/> and the lower end of its band (the estimate itself without a band).</summary>
    public (double Point, double Lower, ConfidenceInterval? Band) At(double size)
    {
        if (_fit is not null)
        {
            var prediction = _fit.Predict(size);
            return (prediction.Throughput, prediction.ThroughputInterval?.Lower ?? prediction.Throughput, prediction.ThroughputInterval);
        }

        var point = Model.Throughput(size);
        return (point, point, null);
    }

    /// <summary>
    /// X = λN / (1 + σ(N − 1)) through two points, by Cramer's rule on λN − Xσ(N − 1) = X at both; σ kept within [0, 1]
    /// (a super-linear pair gives σ = 0).
    /// </summary>
    private static UslModel TwoPointAmdahl(IReadOnlyList<(double Size, double Capacity)> points)
    {
        var byLoad = points.GroupBy(p => p.Size).Select(g => (N: g.Key, X: g.Average(p => p.Capacity))).OrderBy(p => p.N).ToArray();
        var (n1, x1) = byLoad[0];
        var (n2, x2) = byLoad[^1];
        var determinant = -n1 * x2 * (n2 - 1) + n2 * x1 * (n1 - 1);
        var sigma = Math.Abs(determinant) > 1e-12 ? (n1 * x2 - n2 * x1) / determinant : 0;
        sigma = Math.Clamp(double.IsFinite(sigma) ? sigma : 0, 0, 1);
        // λ from the first point with the clamped σ, so the curve passes through what was measured first.
        var lambdaFitted = x1 * (1 + sigma * (n1 - 1)) / n1;
        return new UslModel(sigma, 0, lambdaFitted);
    }
}
