using System.Text.Json.Serialization;

namespace ScaleLab.Core.Results;

/// <summary>
/// One point of a run's time series (<c>intervals</c> in a run result): what happened in one reporting interval
/// (a second unless <c>--interval</c> says otherwise), for latency-over-time charts.
/// </summary>
public sealed record ResultInterval
{
    /// <summary>The interval's end, in seconds since the measured window opened.</summary>
    public double T { get; init; }
    /// <summary>The interval's length in seconds.</summary>
    public double DurationSeconds { get; init; }
    /// <summary>Requests (responses and errors) that ended in the interval.</summary>
    public long Requests { get; init; }
    /// <summary>Of those, the failed ones.</summary>
    public long Errors { get; init; }
    /// <summary><see cref="Requests"/> per second.</summary>
    public double Throughput { get; init; }
    /// <summary>Latency percentiles of the interval's requests, in milliseconds.</summary>
    public required LatencySummary LatencyMs { get; init; }
    /// <summary>Open model: the arrival rate asked for in the interval (it changes within ramping stages); null in the closed model.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RateAsked { get; init; }
    /// <summary>Open model: the rate answered in the interval; null in the closed model.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RateAchieved { get; init; }
    /// <summary>With <c>--stages</c>: the stage the interval's middle fell in, counted from 1; null without stages.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Stage { get; init; }
    /// <summary>
    /// The interval's latency histogram (microseconds), encoded as <see cref="RunResult.LatencyHistogram"/> is, so
    /// that the intervals of separate results add up exactly; null when not recorded (results of older versions).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LatencyHistogram { get; init; }
}
