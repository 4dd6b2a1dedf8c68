using ScaleLab.Core.Results;

namespace ScaleLab.Lab.Supervisor;

/// <summary>What <c>lab status</c> shows: the lab's shape, every component, and what happened lately.</summary>
public sealed record LabStatus
{
    /// <summary>Always "lab-status".</summary>
    public string Kind { get; init; } = "lab-status";

    /// <summary>The JSON schema's version.</summary>
    public int SchemaVersion { get; init; } = ResultHeader.CurrentSchemaVersion;

    /// <summary>The version of the scalelab that wrote it.</summary>
    public string ScalelabVersion { get; init; } = ResultHeader.Version;

    /// <summary>The command that asked (set by the CLI).</summary>
    public string? CommandLine { get; init; }

    /// <summary>The machine (set by the CLI).</summary>
    public MachineInfo? Machine { get; init; }

    /// <summary>The run's id: every process of the run carries it in its environment (SCALELAB_LAB_RUN).</summary>
    public required string RunId { get; init; }

    /// <summary>When the supervisor started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The balancer's URL, where load goes.</summary>
    public required string EntryUrl { get; init; }

    /// <summary>The replicas' scenario.</summary>
    public required string Scenario { get; init; }

    /// <summary>yarp or haproxy.</summary>
    public required string Balancer { get; init; }

    /// <summary>The balancing policy's name.</summary>
    public required string Policy { get; init; }

    /// <summary>The store's kind and URL.</summary>
    public required string Store { get; init; }

    /// <summary>sqlite or postgres.</summary>
    public required string Database { get; init; }

    /// <summary>The shards, in ring order: SQLite files or PostgreSQL connection strings.</summary>
    public required IReadOnlyList<string> Shards { get; init; }

    /// <summary>The replica count asked for (the running count may lag while a scale or a restart is under way).</summary>
    public required int Replicas { get; init; }

    /// <summary>The replicas' capacity model: workers, CPU and waiting per request.</summary>
    public required int Workers { get; init; }

    /// <summary>CPU milliseconds per request.</summary>
    public required double CpuMs { get; init; }

    /// <summary>Waiting milliseconds per request.</summary>
    public required double IoMs { get; init; }

    /// <summary>Every component, supervisor first.</summary>
    public required IReadOnlyList<LabComponent> Components { get; init; }

    /// <summary>The latest events (crashes, restarts, scaling), oldest first.</summary>
    public required IReadOnlyList<LabEvent> Events { get; init; }
}
