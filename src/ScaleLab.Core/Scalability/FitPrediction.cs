using System.Text.Json.Serialization;

namespace ScaleLab.Core.Scalability;

/// <summary>What a fit predicts at one load: throughput X(N) and latency R(N) = N / X(N), with confidence bands.</summary>
/// <param name="N">The load predicted for.</param>
/// <param name="Throughput">X(N), per second.</param>
/// <param name="ThroughputInterval">
/// The confidence band of X(N) by the delta method (gᵀ Σ g with g = ∂X/∂θ and Σ the coefficients' covariance);
/// null when the fit has no covariance (no residual degrees of freedom).
/// </param>
/// <param name="LatencyMs">R(N) = 1000·N / X(N) in milliseconds (Little's law, no think time).</param>
/// <param name="LatencyMsInterval">The band of R(N) from the band of X(N); null when that band reaches zero throughput.</param>
/// <param name="Extrapolated">N lies beyond twice the largest measured N: the band understates the risk.</param>
/// <param name="Warning">Why the prediction deserves doubt, when it does.</param>
public sealed record FitPrediction(
    double N,
    double Throughput,
    [property: JsonPropertyName("throughputCi")] ConfidenceInterval? ThroughputInterval,
    double LatencyMs,
    [property: JsonPropertyName("latencyMsCi")] ConfidenceInterval? LatencyMsInterval,
    bool Extrapolated,
    FitWarning? Warning);
