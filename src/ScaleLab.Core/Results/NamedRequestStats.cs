using System.Text.Json.Serialization;

namespace ScaleLab.Core.Results;

/// <summary>
/// The figures of one named request of a mix or a flow (<c>byName</c> in a run result): the same counts and
/// percentiles as the totals, for that request alone.
/// </summary>
public sealed record NamedRequestStats
{
    /// <summary>Responses and errors of this request that ended inside the window.</summary>
    public long Requests { get; init; }
    /// <summary>Of those, the failed ones (transport errors and error statuses; failed checks are counted apart).</summary>
    public long Errors { get; init; }
    /// <summary>Completions per second over the measured window.</summary>
    public double Throughput { get; init; }
    /// <summary>Responses by HTTP status code (as text).</summary>
    public IReadOnlyDictionary<string, long> StatusCodes { get; init; } = new Dictionary<string, long>();
    /// <summary>Errors by kind.</summary>
    public IReadOnlyDictionary<string, long> ErrorKinds { get; init; } = new Dictionary<string, long>();
    /// <summary>Latency percentiles in milliseconds, measured as the totals are.</summary>
    public required LatencySummary LatencyMs { get; init; }
    /// <summary>This request's latency histogram (microseconds), encoded as <see cref="RunResult.LatencyHistogram"/> is; null when not recorded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LatencyHistogram { get; init; }
}
