namespace ScaleLab.Core.Thresholds;

/// <summary>
/// One parsed threshold, k6-style: <c>p99&lt;200ms</c>, <c>p95{name:order}&lt;300ms</c>, <c>errors&lt;0.1%</c>.
/// Made by <see cref="ThresholdParser"/>, judged by <see cref="ThresholdEvaluator"/>.
/// </summary>
/// <param name="Text">The threshold as written.</param>
/// <param name="Metric">What it measures.</param>
/// <param name="Statistic">For <see cref="ThresholdMetric.Latency"/>: the statistic, one of <see cref="ThresholdParser.LatencyStatistics"/> (<c>p99</c>, <c>mean</c>, …); null otherwise.</param>
/// <param name="Name">The request name it is restricted to (<c>{name:order}</c>); null for the totals.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Limit">
/// The limit in the metric's unit: milliseconds for latency, a percentage (0 to 100) for errors and checks, per
/// second for throughput, a count for requests, a ratio for rate-achieved.
/// </param>
public sealed record ThresholdExpression(string Text, ThresholdMetric Metric, string? Statistic, string? Name, ThresholdOperator Operator, double Limit)
{
    /// <summary>True when <paramref name="actual"/> meets the threshold.</summary>
    public bool Holds(double actual) => Operator switch
    {
        ThresholdOperator.Less => actual < Limit,
        ThresholdOperator.LessOrEqual => actual <= Limit,
        ThresholdOperator.Greater => actual > Limit,
        _ => actual >= Limit,
    };

    /// <summary>The unit of <see cref="Limit"/> and of the measured value, as printed: <c>ms</c>, <c>%</c>, <c>/s</c>, or empty.</summary>
    public string Unit => Metric switch
    {
        ThresholdMetric.Latency => "ms",
        ThresholdMetric.Errors or ThresholdMetric.Checks => "%",
        ThresholdMetric.Throughput => "/s",
        _ => string.Empty,
    };
}
