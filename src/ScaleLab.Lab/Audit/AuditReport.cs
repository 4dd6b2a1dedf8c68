using ScaleLab.Core.Results;

namespace ScaleLab.Lab.Audit;

/// <summary>
/// What <c>lab audit</c> found: every order acknowledged with a 2xx must exist exactly once. An order that exists but
/// was never acknowledged (its answer was lost with a killed replica) is allowed: the client saw a failure and may retry
/// with the same key, which returns the same order.
/// </summary>
public sealed record AuditReport
{
    /// <summary>Always "lab-audit".</summary>
    public string Kind { get; init; } = "lab-audit";

    /// <summary>The JSON schema's version.</summary>
    public int SchemaVersion { get; init; } = ResultHeader.CurrentSchemaVersion;

    /// <summary>The version of the scalelab that wrote it.</summary>
    public string ScalelabVersion { get; init; } = ResultHeader.Version;

    /// <summary>When the audit started (set by the CLI).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The command that ran it (set by the CLI).</summary>
    public string? CommandLine { get; init; }

    /// <summary>The machine (set by the CLI).</summary>
    public MachineInfo? Machine { get; init; }

    /// <summary>The audit's own load, when it ran one (null when the keys came from a file).</summary>
    public AuditLoadResult? Load { get; init; }

    /// <summary>The replica killed midway (<c>--kill-one</c>), if any.</summary>
    public string? Killed { get; init; }

    /// <summary>Distinct idempotency keys acknowledged with a 2xx.</summary>
    public required int Acknowledged { get; init; }

    /// <summary>Acknowledged keys with exactly one order in the database.</summary>
    public required int FoundOnce { get; init; }

    /// <summary>Acknowledged keys with no order: lost orders (at most the first 20 listed).</summary>
    public required IReadOnlyList<string> Missing { get; init; }

    /// <summary>How many acknowledged keys have no order.</summary>
    public required int MissingCount { get; init; }

    /// <summary>Keys with more than one order, acknowledged or not: double orders (at most the first 20 listed).</summary>
    public required IReadOnlyList<string> Duplicated { get; init; }

    /// <summary>How many keys have more than one order.</summary>
    public required int DuplicatedCount { get; init; }

    /// <summary>Every order in every shard.</summary>
    public required int OrdersInDatabase { get; init; }

    /// <summary>True when no acknowledged order is missing and no key ordered twice.</summary>
    public bool Passed => MissingCount == 0 && DuplicatedCount == 0;
}
