namespace ScaleLab.Core.Scalability;

/// <summary>
/// Gunther's Universal Scalability Law with its three coefficients:
/// X(N) = λN / (1 + σ(N − 1) + κN(N − 1)).
/// </summary>
/// <remarks>
/// σ (contention) is the serialised share of the work, κ (coherency) the cost of keeping every pair of the N
/// parties consistent, λ the throughput of one unit of load without either. Amdahl's law is κ = 0; linear
/// scaling is σ = κ = 0. The formulas are those of Gunther, <i>Guerrilla Capacity Planning</i> (2007), ch. 4–5.
/// </remarks>
/// <param name="Sigma">Contention σ, in [0, 1].</param>
/// <param name="Kappa">Coherency κ, in [0, 1].</param>
/// <param name="Lambda">Throughput of a single unit of load, λ &gt; 0.</param>
public readonly record struct UslModel(double Sigma, double Kappa, double Lambda)
{
    /// <summary>The denominator 1 + σ(N − 1) + κN(N − 1): how many times slower each unit of load runs at N.</summary>
    public double Denominator(double n) => 1 + Sigma * (n - 1) + Kappa * n * (n - 1);

    /// <summary>The throughput X(N).</summary>
    public double Throughput(double n) => Lambda * n / Denominator(n);

    /// <summary>
    /// The response time R(N) = N / X(N) in seconds, by Little's law for a closed system with no think time
    /// (throughput per second).
    /// </summary>
    public double LatencySeconds(double n) => Denominator(n) / Lambda;

    /// <summary>The model's efficiency X(N) / (λN) = 1 / denominator: the share of linear scaling that remains at N.</summary>
    public double Efficiency(double n) => 1 / Denominator(n);

    /// <summary>The share of the ideal capacity λN lost to contention at N: σ(N − 1) / denominator.</summary>
    public double ContentionShare(double n) => Sigma * (n - 1) / Denominator(n);

    /// <summary>The share of the ideal capacity λN lost to coherency at N: κN(N − 1) / denominator.</summary>
    public double CoherencyShare(double n) => Kappa * n * (n - 1) / Denominator(n);

    /// <summary>
    /// The load of peak throughput, N* = √((1 − σ) / κ) (Gunther's eq. 4.33), at least 1; null when κ = 0:
    /// without coherency there is no peak, throughput only approaches <see cref="AmdahlCeiling"/>.
    /// </summary>
    public double? PeakConcurrency => Kappa > 0 ? Math.Max(1, Math.Sqrt((1 - Sigma) / Kappa)) : null;

    /// <summary>The throughput at <see cref="PeakConcurrency"/>, X(N*); null when there is no peak.</summary>
    public double? PeakThroughput => PeakConcurrency is { } peak ? Throughput(peak) : null;

    /// <summary>Amdahl's ceiling λ/σ, the throughput approached as N grows when κ = 0; null when σ = 0.</summary>
    public double? AmdahlCeiling => Sigma > 0 ? Lambda / Sigma : null;

    /// <summary>
    /// The largest N whose latency R(N) = N / X(N) stays at or under <paramref name="targetSeconds"/>:
    /// the root of κN² + (σ − κ)N + (1 − σ − λR) = 0, as R(N) grows with N. Null when even N = 1 misses it;
    /// positive infinity when the latency never grows (σ = κ = 0).
    /// </summary>
    public double? ConcurrencyAtLatency(double targetSeconds)
    {
        var slack = Lambda * targetSeconds; // R(N) ≤ target  ⇔  denominator(N) ≤ λ·target
        if (!(slack >= 1))
        {
            return null;
        }

        if (Kappa > 0)
        {
            var b = Sigma - Kappa;
            var c = 1 - Sigma - slack; // ≤ 0, so exactly one root is positive
            var sqrtDiscriminant = Math.Sqrt(b * b - 4 * Kappa * c);
            // Pick the form of the positive root that adds like-signed terms (no cancellation when κ is tiny).
            var root = b >= 0 ? -2 * c / (b + sqrtDiscriminant) : (sqrtDiscriminant - b) / (2 * Kappa);
            return double.IsFinite(root) ? Math.Max(1, root) : 1;
        }

        return Sigma > 0 ? 1 + (slack - 1) / Sigma : double.PositiveInfinity;
    }

    /// <summary>The same model with some coefficients replaced: a what-if ("what if the lock were gone: σ = 0").</summary>
    public UslModel With(double? sigma = null, double? kappa = null, double? lambda = null) =>
        new(sigma ?? Sigma, kappa ?? Kappa, lambda ?? Lambda);
}
