namespace ScaleLab.Lab.Supervisor;

/// <summary>
/// The state file of a running lab (<c>state.json</c>, mode 600): how <c>lab status / scale / down / audit</c> reach
/// the supervisor, and how a later <c>lab up</c> cleans up after a supervisor that was killed.
/// </summary>
public sealed record LabState
{
    /// <summary>The run's id (the SCALELAB_LAB_RUN marker of its processes).</summary>
    public required string RunId { get; init; }

    /// <summary>The supervisor's pid.</summary>
    public required int SupervisorPid { get; init; }

    /// <summary>The supervisor's start time in clock ticks since boot (/proc/PID/stat field 22): tells a reused pid apart.</summary>
    public required long SupervisorStartTicks { get; init; }

    /// <summary>The control endpoint on 127.0.0.1.</summary>
    public required string ControlUrl { get; init; }

    /// <summary>A random secret the control endpoint requires (the file is readable by its owner only).</summary>
    public required string Token { get; init; }

    /// <summary>The balancer's URL.</summary>
    public required string EntryUrl { get; init; }

    /// <summary>When the lab started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The run's temp directory (SQLite shards, redis-server's directory).</summary>
    public required string RunDirectory { get; init; }

    /// <summary>sqlite or postgres.</summary>
    public required string Database { get; init; }

    /// <summary>The shards' locations, in ring order, for the audit.</summary>
    public required IReadOnlyList<string> Shards { get; init; }
}
