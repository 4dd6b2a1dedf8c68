using System.Globalization;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Scenarios;

namespace ScaleLab.Lab.Service;

/// <summary>
/// One replica's settings, and THE CONTRACT between a replica and whoever starts it (the supervisor):
/// <list type="number">
/// <item>A replica is a process started as <c>scalelab lab replica [options]</c>: <see cref="Environment.ProcessPath"/>
/// followed by <see cref="ToArguments"/>. The options: <c>--port P</c> (on 127.0.0.1 only; 0 picks a free port),
/// <c>--replica-id N</c>, <c>--scenario NAME</c> (one of <see cref="LabScenarios.Names"/>), <c>--store redis://127.0.0.1:PORT</c>
/// (a Redis-protocol server: Garnet or redis-server), <c>--db sqlite|postgres</c>, <c>--shard ARG</c> repeated in ring
/// order (sqlite: file paths; postgres: connection strings), <c>--workers W --cpu-ms C --io-ms I</c> (the capacity
/// model), <c>--seed S</c> (the scenario's randomness only) and <c>--parent-pid PID</c>.</item>
/// <item>The data is seeded before replicas start, in the supervisor's process, by
/// <see cref="LabDataSeeder.SeedAsync"/> on a <see cref="ShardSet"/> opened from the same <c>--db</c> and <c>--shard</c>
/// arguments; a replica never seeds.</item>
/// <item>When it serves, the replica prints exactly one line on stdout: <c>ready http://127.0.0.1:PORT</c>
/// (<see cref="ReadyPrefix"/>), and <c>/healthz</c> answers 200. Logs go to stderr only.</item>
/// <item>On SIGTERM (or Ctrl-C) it drains: stops accepting connections, answers 503 on <c>/healthz</c>, finishes
/// in-flight requests within <see cref="DrainTimeout"/>, and exits 0.</item>
/// <item>With <c>--parent-pid</c> it exits by itself when that process is gone (checked every 500 ms), and on Linux
/// it also asks the kernel for SIGKILL when its parent dies (<c>prctl(PR_SET_PDEATHSIG)</c>). The kernel's "parent"
/// is the THREAD that started the replica: start replicas from a thread that lives as long as the supervisor (not a
/// thread-pool thread, which the pool retires after about 20 s idle), or the replica is killed when that thread ends.</item>
/// <item>Exit codes: 0 after a drain, 1 when it cannot start (store unreachable, port taken, shard unreadable),
/// 2 for bad options.</item>
/// </list>
/// </summary>
public sealed record ReplicaOptions
{
    /// <summary>The first word of the line a replica prints once it serves: <c>ready http://127.0.0.1:PORT</c>.</summary>
    public const string ReadyPrefix = "ready ";

    /// <summary>Default <c>--workers</c>: see docs/lab-capacity.md for the arithmetic behind the three defaults.</summary>
    public const int DefaultWorkers = 4;

    /// <summary>Default <c>--cpu-ms</c>.</summary>
    public const double DefaultCpuMs = 0.5;

    /// <summary>Default <c>--io-ms</c>.</summary>
    public const double DefaultIoMs = 20;

    /// <summary>How long a draining replica waits for in-flight requests before it closes their connections.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How often the replica checks that <see cref="ParentPid"/> is still alive.</summary>
    public static readonly TimeSpan ParentPollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary><c>--port</c>: the loopback port to listen on; 0 lets the system pick one (the ready line tells which).</summary>
    public int Port { get; init; }

    /// <summary><c>--replica-id</c>: the replica's number, shown in /metrics and in /me answers; 0 to 255 keeps ids unique.</summary>
    public int ReplicaId { get; init; } = 1;

    /// <summary><c>--scenario</c>: one of <see cref="LabScenarios.Names"/>.</summary>
    public string Scenario { get; init; } = LabScenarios.Default;

    /// <summary><c>--store</c>: the Redis-protocol store for sessions, the feed cache, the global lock and broadcasts.</summary>
    public string Store { get; init; } = "redis://127.0.0.1:6379";

    /// <summary><c>--db</c>: the engine behind the shards.</summary>
    public LabDatabaseKind Database { get; init; } = LabDatabaseKind.Sqlite;

    /// <summary><c>--shard</c>, in ring order: SQLite file paths or PostgreSQL connection strings.</summary>
    public IReadOnlyList<string> Shards { get; init; } = [];

    /// <summary><c>--workers</c>: requests served at once; the others queue.</summary>
    public int Workers { get; init; } = DefaultWorkers;

    /// <summary><c>--cpu-ms</c>: CPU time (thread CPU time, not wall time) every request burns.</summary>
    public double CpuMs { get; init; } = DefaultCpuMs;

    /// <summary><c>--io-ms</c>: time every request waits without using CPU, as for a remote call.</summary>
    public double IoMs { get; init; } = DefaultIoMs;

    /// <summary><c>--seed</c>: seeds the scenario's randomness (retry jitter); not the data.</summary>
    public int Seed { get; init; } = 1;

    /// <summary><c>--parent-pid</c>: exit when this process is gone.</summary>
    public int? ParentPid { get; init; }

    /// <summary>The text of <c>--db</c>.</summary>
    public string DatabaseName => Database == LabDatabaseKind.Postgres ? "postgres" : "sqlite";

    /// <summary>
    /// The replica's options as command-line arguments, <c>--port … --seed …</c>: what a <see cref="Supervisor.ReplicaLauncher"/>
    /// appends to its command.
    /// </summary>
    public IReadOnlyList<string> ToArguments()
    {
        var arguments = new List<string>
        {
            "--port", Invariant(Port),
            "--replica-id", Invariant(ReplicaId),
            "--scenario", Scenario,
            "--store", Store,
            "--db", DatabaseName,
        };
        foreach (var shard in Shards)
        {
            arguments.Add("--shard");
            arguments.Add(shard);
        }

        arguments.AddRange(["--workers", Invariant(Workers), "--cpu-ms", Invariant(CpuMs), "--io-ms", Invariant(IoMs), "--seed", Invariant(Seed)]);
        if (ParentPid is { } parent)
        {
            arguments.AddRange(["--parent-pid", Invariant(parent)]);
        }

        return arguments;
    }

    /// <summary>Every problem with the options, one sentence each; empty when they are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Port is < 0 or > 65535)
        {
            problems.Add($"--port must be 0 to 65535 (got {Port})");
        }

        if (ReplicaId is < 0 or > 255)
        {
            problems.Add($"--replica-id must be 0 to 255 (got {ReplicaId})");
        }

        if (!LabScenarios.IsKnown(Scenario))
        {
            problems.Add($"--scenario: unknown scenario '{Scenario}' (expected one of {string.Join(", ", LabScenarios.Names)})");
        }

        if (!StoreConnection.TryParse(Store, out _, out _))
        {
            problems.Add($"--store: '{Store}' is not a redis://HOST:PORT address");
        }

        if (Shards.Count == 0 || Shards.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("--shard: give at least one shard, none empty");
        }

        if (Workers < 1)
        {
            problems.Add($"--workers must be at least 1 (got {Workers})");
        }

        if (CpuMs < 0 || IoMs < 0 || double.IsNaN(CpuMs) || double.IsNaN(IoMs))
        {
            problems.Add("--cpu-ms and --io-ms cannot be negative");
        }

        if (ParentPid is <= 0)
        {
            problems.Add($"--parent-pid must be a process id (got {ParentPid})");
        }

        return problems;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
