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

    public required string Target { get; init; }
    /// <summary>"closed" or "open".</summary>
    public required string Model { get; init; }
    /// <summary>Closed model: the users; open model: the most connections that were open at once.</summary>
    public int Connections { get; init; }
    /// <summary>Open model: the requested arrival rate per second; closed model: null (written, so the field always exists).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? Rate { get; init; }
    public string? Arrivals { get; init; }
    public double DurationSeconds { get; init; }
    public double WarmupSeconds { get; init; }
    public long Requests { get; init; }
    public long Errors { get; init; }
    public double ErrorRate { get; init; }
    /// <summary>Completed requests per second over the measured window.</summary>
    public double Throughput { get; init; }
    public required LatencySummary LatencyMs { get; init; }
    public LatencySummary? UncorrectedLatencyMs { get; init; }
    public IReadOnlyDictionary<string, long> StatusCodes { get; init; } = new Dictionary<string, long>();
    public IReadOnlyDictionary<string, long> ErrorKinds { get; init; } = new Dictionary<string, long>();
    public long BytesReceived { get; init; }
    public required GeneratorHealth Generator { get; init; }
    /// <summary>True when the run was stopped early (Ctrl-C) and holds what was measured until then.</summary>
    public bool Interrupted { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Copies the header's fields into this result.</summary>
    public RunResult WithHeader(ResultHeader header) => Stamp(this, header);
}
