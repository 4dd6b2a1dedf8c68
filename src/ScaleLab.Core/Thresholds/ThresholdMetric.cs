namespace ScaleLab.Core.Thresholds;

/// <summary>What a threshold measures; each has its own unit (see <see cref="ThresholdExpression.Limit"/>).</summary>
public enum ThresholdMetric
{
    /// <summary>A latency statistic (<c>p99</c>, <c>mean</c>, <c>max</c>, …), in milliseconds.</summary>
    Latency,

    /// <summary>Failed requests as a percentage of the requests.</summary>
    Errors,

    /// <summary>Checks that held, as a percentage of the checks made, summed over every check.</summary>
    Checks,

    /// <summary>Completions per second over the window.</summary>
    Throughput,

    /// <summary>Requests completed in the window (a count).</summary>
    Requests,

    /// <summary>Open model: the achieved rate over the asked one (a ratio, 1 when every arrival was answered).</summary>
    RateAchieved,
}
