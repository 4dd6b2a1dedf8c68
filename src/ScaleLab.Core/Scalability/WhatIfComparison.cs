namespace ScaleLab.Core.Scalability;

/// <summary>Throughput at one load before and after a what-if.</summary>
/// <param name="N">The load.</param>
/// <param name="Baseline">X(N) with the fitted coefficients.</param>
/// <param name="WhatIf">X(N) with the replaced ones.</param>
public sealed record WhatIfPoint(double N, double Baseline, double WhatIf)
{
    /// <summary>The relative change, WhatIf / Baseline − 1 (0.25 is 25% more throughput).</summary>
    public double Gain => Baseline > 0 ? WhatIf / Baseline - 1 : 0;
}

/// <summary>
/// What replacing a coefficient would buy: σ → 0 is removing a lock, κ → 0 removing a broadcast, a larger λ a
/// faster single request. Compares peaks, ceilings and throughput at given loads.
/// </summary>
/// <param name="Baseline">The fitted model.</param>
/// <param name="WhatIf">The model with coefficients replaced.</param>
/// <param name="Points">Throughput at each load asked for, both ways.</param>
public sealed record WhatIfComparison(UslModel Baseline, UslModel WhatIf, IReadOnlyList<WhatIfPoint> Points)
{
    /// <summary>Evaluates <paramref name="baseline"/> with σ, κ or λ replaced at <paramref name="loads"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A replacement lies outside 0 ≤ σ, κ ≤ 1, λ &gt; 0.</exception>
    public static WhatIfComparison Compare(UslModel baseline, double? sigma, double? kappa, double? lambda, IEnumerable<double> loads)
    {
        if (sigma is { } s && !(s >= 0 && s <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), s, "σ lies between 0 and 1");
        }

        if (kappa is { } k && !(k >= 0 && k <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(kappa), k, "κ lies between 0 and 1");
        }

        if (lambda is { } l && !(l > 0 && double.IsFinite(l)))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), l, "λ is a positive number");
        }

        var whatIf = baseline.With(sigma, kappa, lambda);
        var points = loads.Where(n => n > 0 && double.IsFinite(n)).Distinct().Order()
            .Select(n => new WhatIfPoint(n, baseline.Throughput(n), whatIf.Throughput(n)))
            .ToArray();
        return new WhatIfComparison(baseline, whatIf, points);
    }
}
