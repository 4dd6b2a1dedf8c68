namespace ScaleLab.Core.Scalability;

/// <summary>One measurement next to what the USL fit makes of it.</summary>
/// <param name="N">The load measured.</param>
/// <param name="Throughput">The throughput measured.</param>
/// <param name="Fitted">X̂(N), the fitted throughput.</param>
/// <param name="Residual">Measured minus fitted.</param>
/// <param name="Efficiency">
/// The measured efficiency against the fit's λ, X / (λN) (<see cref="ScalingEfficiency"/>): the share of the
/// fit's linear scaling achieved. Above 1 is super-linear, usually bad data.
/// </param>
/// <param name="ContentionShare">The model's share of ideal capacity lost to contention at N, σ(N − 1)/D(N).</param>
/// <param name="CoherencyShare">The model's share of ideal capacity lost to coherency at N, κN(N − 1)/D(N).</param>
/// <param name="LatencyMs">The measured N / X in milliseconds (Little's law); null when the throughput is 0.</param>
public sealed record FittedPoint(
    double N,
    double Throughput,
    double Fitted,
    double Residual,
    double Efficiency,
    double ContentionShare,
    double CoherencyShare,
    double? LatencyMs);
