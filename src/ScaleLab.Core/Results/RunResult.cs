using System.Text.Json.Serialization;

namespace ScaleLab.Core.Results;

/// <summary>The result of one load test (<c>scalelab run</c>): what was asked, what was measured, and how far to trust it.</summary>
/// <remarks>
/// <see cref="LatencyMs"/> is measured from each request's intended send time in the open model (corrected for
/// coordinated omission) and from the actual send time in the closed model, where the two are the same by definition.
/// <see cref="UncorrectedLatencyMs"/> is the service time alone, reported in the open model only.
/// </remarks>
public sealed record RunResult : ResultDocument
{
    /// <summary>A result of kind <c>run</c>.</summary>
    public RunResult() => Kind = "run";

    /// <summary>The URL loaded.</summary>
    public required string Target { get; init; }
    /// <summary>"closed" or "open".</summary>
    public required string Model { get; init; }
    /// <summary>Closed model: the users; open model: the most connections that were open at once.</summary>
    public int Connections { get; init; }
    /// <summary>Open model: the requested arrival rate per second; closed model: null (written, so the field always exists).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? Rate { get; init; }
    /// <summary>Open model: how arrivals are spaced, <c>uniform</c> or <c>poisson</c>; closed model: null.</summary>
    public string? Arrivals { get; init; }
    /// <summary>The measured window, in seconds (warm-up excluded).</summary>
    public double DurationSeconds { get; init; }
    /// <summary>The warm-up before the window, in seconds: load sent, nothing recorded.</summary>
    public double WarmupSeconds { get; init; }
    /// <summary>Responses and errors that ended inside the window.</summary>
    public long Requests { get; init; }
    /// <summary>Requests of the window that failed: no response (connect, reset, timeout, …), by kind in <see cref="ErrorKinds"/>.</summary>
    public long Errors { get; init; }
    /// <summary><see cref="Errors"/> / <see cref="Requests"/>; 0 without requests.</summary>
    public double ErrorRate { get; init; }
    /// <summary>
    /// Completions per second over the measured window: every response (or error) that ended inside it, however long
    /// before the window it started.
    /// </summary>
    public double Throughput { get; init; }
    /// <summary>Open model: the arrival rate asked for, per second; null in the closed model.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? RateAsked { get; init; }
    /// <summary>Open model: the rate the target answered at, per second (the throughput); null in the closed model.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? RateAchieved { get; init; }
    /// <summary>
    /// Open model: the arrivals due inside the window. Each was either completed (<see cref="Requests"/>, errors
    /// included) or never sent (<see cref="Unsent"/>): arrived = requests + unsent, unless the run was interrupted.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? Arrived { get; init; }
    /// <summary>
    /// Open model: arrivals of the window never sent, because every connection was busy until the window closed and
    /// they were late by then (past the missed-start tolerance). Their wait until the window's end is in
    /// <see cref="LatencyMs"/> as a lower bound; <see cref="UncorrectedLatencyMs"/> leaves them out.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? Unsent { get; init; }
    /// <summary>Open model: the arrivals due by the window's end and not answered by then (queued or in flight).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? Backlog { get; init; }
    /// <summary>
    /// Open model: true when the target served less than was asked, its backlog growing through the window
    /// (<see cref="KeepUpRule"/>); null when it was not judged (closed model, a run ended early by its request budget or
    /// interrupted).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public bool? FellBehind { get; init; }
    /// <summary>Latency percentiles in milliseconds (see the remarks for when it is measured from).</summary>
    public required LatencySummary LatencyMs { get; init; }
    /// <summary>Open model: the service time alone, from the actual send; null in the closed model.</summary>
    public LatencySummary? UncorrectedLatencyMs { get; init; }
    /// <summary>Responses by HTTP status code (as text: <c>"200"</c>).</summary>
    public IReadOnlyDictionary<string, long> StatusCodes { get; init; } = new Dictionary<string, long>();
    /// <summary>Errors by kind, such as <c>connect</c>, <c>reset</c>, <c>timeout</c> or <c>http5xx</c>.</summary>
    public IReadOnlyDictionary<string, long> ErrorKinds { get; init; } = new Dictionary<string, long>();
    /// <summary>Payload bytes received from the target in the window.</summary>
    public long BytesReceived { get; init; }
    /// <summary>How well the load generator kept up: whether its numbers can be trusted.</summary>
    public required GeneratorHealth Generator { get; init; }
    /// <summary>
    /// The figures of each named request of a mix or a flow (its <c>name</c>, by default its method and path
    /// template); empty for a single request.
    /// </summary>
    public IReadOnlyDictionary<string, NamedRequestStats> ByName { get; init; } = new Dictionary<string, NamedRequestStats>();
    /// <summary>How often each check held, by check name; empty without checks.</summary>
    public IReadOnlyDictionary<string, CheckStats> Checks { get; init; } = new Dictionary<string, CheckStats>();
    /// <summary>With a flow: the flow iterations that ended inside the window; null without a flow.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Iterations { get; init; }
    /// <summary>With a flow: the latency of a whole iteration, from its intended start (the arrival, in the open model); null without a flow.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LatencySummary? IterationLatencyMs { get; init; }
    /// <summary>
    /// With <c>--stages</c>: the stages the load followed, in order (then <see cref="Rate"/> and
    /// <see cref="RateAsked"/> are the mean rate they asked for); empty without.
    /// </summary>
    public IReadOnlyList<ResultStage> Stages { get; init; } = [];
    /// <summary>The time series: one entry per reporting interval of the measured window.</summary>
    public IReadOnlyList<ResultInterval> Intervals { get; init; } = [];
    /// <summary>The thresholds judged on this result (<c>--threshold</c>); empty without.</summary>
    public IReadOnlyList<ThresholdOutcome> Thresholds { get; init; } = [];
    /// <summary>
    /// The whole corrected latency histogram (microseconds), compressed and base64-encoded exactly as an interval of
    /// the HdrHistogram log format is, so that results can be compared on their recorded values and merged exactly;
    /// null when not recorded.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LatencyHistogram { get; init; }
    /// <summary>Open model: the histogram of <see cref="UncorrectedLatencyMs"/>, encoded as <see cref="LatencyHistogram"/> is; null when not recorded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UncorrectedLatencyHistogram { get; init; }
    /// <summary>With a flow: the histogram of <see cref="IterationLatencyMs"/>, encoded as <see cref="LatencyHistogram"/> is; null when not recorded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IterationLatencyHistogram { get; init; }
    /// <summary>
    /// A run sent from several agents (<c>--agents</c>, <c>--kubernetes</c>): each agent's share; null for a run from
    /// this process alone.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AgentStats>? Agents { get; init; }

    /// <summary>True when the run was stopped early (Ctrl-C) and holds what was measured until then.</summary>
    public bool Interrupted { get; init; }
    /// <summary>What to know before trusting the numbers, one sentence each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Copies the header's fields into this result.</summary>
    public RunResult WithHeader(ResultHeader header) => Stamp(this, header);
}
