using ScaleLab.Lab.Balancer;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Service;
using ScaleLab.Lab.Store;

namespace ScaleLab.Lab.Supervisor;

/// <summary>Everything <c>scalelab lab up</c> takes: the system's shape, the replicas' capacity model, the seed data.</summary>
public sealed record LabOptions
{
    /// <summary>The most replicas a lab runs: replica ids are 1 to 255 (they make order ids unique).</summary>
    public const int MaxReplicas = 64;

    /// <summary>How many replicas a lab starts unless told otherwise.</summary>
    public const int DefaultReplicas = 2;

    /// <summary>How many replicas to start (<c>--replicas</c>).</summary>
    public int Replicas { get; init; } = DefaultReplicas;

    /// <summary>The balancer program (<c>--balancer</c>).</summary>
    public BalancerKind Balancer { get; init; } = BalancerKind.Yarp;

    /// <summary>The balancing policy (<c>--policy</c>).</summary>
    public BalancerPolicy Policy { get; init; } = BalancerPolicy.RoundRobin;

    /// <summary>The entry port on 127.0.0.1 (<c>--port</c>); 0: a free port.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The Redis-protocol store (<c>--store</c>).</summary>
    public StoreSpec Store { get; init; } = StoreSpec.Embedded;

    /// <summary>The database engine (<c>--db</c>).</summary>
    public LabDatabaseKind Database { get; init; } = LabDatabaseKind.Sqlite;

    /// <summary>How many shards (<c>--shards</c>); ignored when <see cref="PostgresConnectionStrings"/> are given (one shard each).</summary>
    public int Shards { get; init; } = 2;

    /// <summary>Existing PostgreSQL databases to use as shards instead of clusters the lab creates (<c>--pg</c>, repeatable).</summary>
    public IReadOnlyList<string> PostgresConnectionStrings { get; init; } = [];

    /// <summary>
    /// The replicas' settings: scenario, capacity model (workers, CPU and waiting per request) and seed. The
    /// supervisor fills in the port, id, store, database, shards and parent pid of each.
    /// </summary>
    public ReplicaOptions Replica { get; init; } = new();

    /// <summary>The data set seeded before the replicas start.</summary>
    public SeedOptions Seed { get; init; } = new();

    /// <summary>
    /// How to start a replica process. The caller knows its own command line (the CLI: <c>scalelab lab replica</c>);
    /// the lab does not.
    /// </summary>
    public required ReplicaLauncher Launcher { get; init; }

    /// <summary>
    /// Register the lab for <c>lab status / scale / down / audit</c>: a state file and a control endpoint. Off for a
    /// lab that a command runs for itself (diagnose), so that it neither clashes with nor replaces the user's lab.
    /// </summary>
    public bool Register { get; init; } = true;

    /// <summary>Where status lines go (the console for <c>lab up</c>); null: nowhere.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Every problem with the options, one sentence each.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Replicas is < 1 or > MaxReplicas)
        {
            problems.Add($"--replicas must be 1 to {MaxReplicas} (got {Replicas})");
        }

        if (Port is < 0 or > 65535)
        {
            problems.Add($"--port must be 0 to 65535 (got {Port})");
        }

        if (Shards is < 1 or > 64)
        {
            problems.Add($"--shards must be 1 to 64 (got {Shards})");
        }

        if (Launcher.Cpus is < 1)
        {
            problems.Add($"--replica-cpus must be at least 1 (got {Launcher.Cpus})");
        }

        if (Launcher.MemoryMb is < 32)
        {
            problems.Add($"--replica-memory-mb must be at least 32 MiB (got {Launcher.MemoryMb}): a .NET server needs more heap than that to start");
        }

        if (PostgresConnectionStrings.Count > 0 && Database != LabDatabaseKind.Postgres)
        {
            problems.Add("--pg needs --db postgres");
        }

        // The replica checks its own options too; these are the ones the supervisor does not fill in.
        var template = Replica with { Store = "redis://127.0.0.1:1", Shards = ["x"], ParentPid = null };
        problems.AddRange(template.Problems());
        try
        {
            Seed.Validate();
        }
        catch (ArgumentException ex)
        {
            problems.Add(ex.Message);
        }

        return problems;
    }
}
