using System.Text.Json.Serialization;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Scaling;

/// <summary>
/// The JSON result of <c>scalelab scale</c> (kind <c>scale</c>): the capacity at the objective of every size
/// measured (replicas, cores, memory), the USL fitted over replicas, the verdict, and the fault when one was
/// injected. Field names are a public contract: add fields, don't rename them.
/// </summary>
public sealed record ScaleResult : ResultDocument
{
    /// <summary>A result of kind <c>scale</c>.</summary>
    public ScaleResult() => Kind = "scale";

    /// <summary>What was scaled and loaded: a lab scenario, a command, or a Kubernetes Deployment and its URL.</summary>
    public required string Target { get; init; }

    /// <summary>The objective each step's capacity was found under.</summary>
    public required ScaleObjective Slo { get; init; }

    /// <summary>Every size measured, in the order measured.</summary>
    public required IReadOnlyList<ScaleStep> Steps { get; init; }

    /// <summary>The Universal Scalability Law fitted over the replica counts, as <c>scalelab fit</c> reports it; null with fewer than three counts.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public UslSection? Usl { get; init; }

    /// <summary>What the steps say; null when nothing could be measured.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ScaleVerdict? Verdict { get; init; }

    /// <summary>The fault injected with <c>--kill-one</c>; null without.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScaleFault? Fault { get; init; }

    /// <summary>Scale-up beside scale-out for the same cores, when both <c>--cpus</c> and <c>--replicas</c> were varied; empty otherwise.</summary>
    public IReadOnlyList<ScaleComparison> Comparison { get; init; } = [];

    /// <summary>True when Ctrl-C or the time budget ended the experiment before every step was measured.</summary>
    public bool Interrupted { get; init; }

    /// <summary>The whole experiment's wall time, in seconds.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>What to know before trusting the numbers, one sentence each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Copies the header's fields into this result.</summary>
    public ScaleResult WithHeader(ResultHeader header) => Stamp(this, header);
}
