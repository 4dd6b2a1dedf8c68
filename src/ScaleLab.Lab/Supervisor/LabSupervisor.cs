using System.Globalization;
using ScaleLab.Lab.Balancer;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Database;
using ScaleLab.Lab.Processes;
using ScaleLab.Lab.Scenarios;
using ScaleLab.Lab.Store;

namespace ScaleLab.Lab.Supervisor;

/// <summary>
/// Runs the lab: the balancer, the store, the shards (seeded), and the replicas (a <see cref="ReplicaPool"/>) behind
/// the balancer; registers it for <c>lab status / scale / down</c>; stops everything in order, and leaves no process
/// behind.
/// </summary>
/// <remarks>
/// Order of start: the balancer (with no destination yet, so that a taken entry port fails the start at once, not
/// after the seed), store and databases (in parallel), seed, replicas (in parallel, each joining the balancer once
/// healthy), then the control endpoint and the state file. Order of stop: the balancer first (no new request enters;
/// those in flight finish), then the replicas (SIGTERM: each drains), the store, the databases, the temp files.
/// </remarks>
public sealed class LabSupervisor : IAsyncDisposable
{
    private readonly LabOptions _options;
    private readonly ReplicaLauncher _launcher;
    private readonly LabEventLog _events;
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;

    private FileStream? _userLock;
    private ILabStore? _store;
    private ShardServers? _shards;
    private ILabBalancer? _balancer;
    private ReplicaPool? _pool;
    private ControlServer? _control;
    private bool _disposed;

    private LabSupervisor(LabOptions options, string runId, string runDirectory, TimeProvider time)
    {
        _options = options;
        _time = time;
        _launcher = options.Launcher ?? throw new ArgumentException("the options carry no replica launcher", nameof(options));
        _events = new LabEventLog(options.Log, time);
        RunId = runId;
        RunDirectory = runDirectory;
        StartedAt = time.GetUtcNow();
    }

    /// <summary>The run's id: every process of the run carries it as SCALELAB_LAB_RUN in its environment.</summary>
    public string RunId { get; }

    /// <summary>The run's temp directory.</summary>
    public string RunDirectory { get; }

    /// <summary>When the supervisor started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The balancer's URL: where load goes.</summary>
    public Uri EntryUrl => _balancer?.EntryUrl ?? throw new InvalidOperationException("the lab is not started");

    /// <summary>Completes when <c>lab down</c> (or <see cref="RequestStop"/>) asked the lab to stop.</summary>
    public Task StopRequested => _stopRequested.Task;

    /// <summary>
    /// Starts the whole lab and returns once every replica is healthy behind the balancer. On failure, whatever did
    /// start is stopped again before the exception propagates.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="InvalidOperationException">Another lab is running (and registered) for this user.</exception>
    /// <exception cref="ChildProcessException">A component did not start.</exception>
    public static async Task<LabSupervisor> StartAsync(LabOptions options, CancellationToken cancellationToken) =>
        await StartAsync(options, TimeProvider.System, cancellationToken);

    internal static async Task<LabSupervisor> StartAsync(LabOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(problems[0]);
        }

        FileStream? userLock = null;
        if (options.Register)
        {
            if (LabStateFile.ReadLive() is { } running)
            {
                throw new InvalidOperationException(
                    $"a lab is already running (pid {running.SupervisorPid}, {running.EntryUrl}): stop it with `scalelab lab down` first");
            }

            userLock = LabStateFile.TryLock()
                ?? throw new InvalidOperationException("another `scalelab lab up` is starting: wait for it, or stop it with `scalelab lab down`");
        }

        LabRunIds.CleanStale();
        var runId = LabRunIds.New();
        var supervisor = new LabSupervisor(options, runId, LabRunIds.Directory(runId), time) { _userLock = userLock };
        try
        {
            await supervisor.StartComponentsAsync(cancellationToken);
            return supervisor;
        }
        catch
        {
            await supervisor.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until <paramref name="cancellationToken"/> fires (Ctrl-C) or <c>lab down</c> asks, then stops everything.</summary>
    public async Task RunUntilStoppedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StopRequested.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: stop.
        }

        await DisposeAsync();
    }

    /// <summary>Asks the lab to stop; <see cref="RunUntilStoppedAsync"/> then stops it.</summary>
    public void RequestStop() => _stopRequested.TrySetResult();

    /// <summary>The lab as it is now.</summary>
    public LabStatus Status() =>
        LabStatusBuilder.Build(_options, RunId, StartedAt, _control, _balancer, _pool, _store, _shards, _events.Recent());

    /// <summary>
    /// Changes the replica count live. New replicas join the balancer once healthy; removed ones (the highest ids)
    /// leave the balancer first, then drain: the balancer's requests in flight to them finish, then SIGTERM, and the
    /// replica finishes whatever it still serves before it exits.
    /// </summary>
    public async Task<LabStatus> ScaleAsync(int replicas, CancellationToken cancellationToken)
    {
        if (replicas is < 1 or > LabOptions.MaxReplicas)
        {
            throw new ArgumentOutOfRangeException(nameof(replicas), replicas, $"replicas must be 1 to {LabOptions.MaxReplicas}");
        }

        var pool = _pool ?? throw new InvalidOperationException("the lab is not started");
        await pool.ScaleAsync(replicas, cancellationToken);
        return Status();
    }

    /// <summary>SIGKILLs one replica, as a crash would; the supervisor notices and restarts it.</summary>
    public bool KillReplica(int id) => _pool?.Kill(id) ?? false;

    /// <summary>Stops everything in order (balancer, replicas, store, databases) and removes the run's files.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _stopping.CancelAsync();
        RequestStop();
        Log("stopping the lab");
        if (_balancer is { } balancer)
        {
            await Quietly(balancer.DisposeAsync);
        }

        if (_pool is { } pool)
        {
            await pool.StopAllAsync(Quietly);
        }

        if (_store is { } store)
        {
            await Quietly(store.DisposeAsync);
        }

        if (_shards is { } shards)
        {
            await Quietly(shards.DisposeAsync);
        }

        if (_control is { } control)
        {
            await Quietly(control.DisposeAsync);
        }

        if (_options.Register)
        {
            LabStateFile.Delete(RunId);
        }

        // Belt and braces: anything of this run still alive (a grandchild that escaped) goes now.
        LabProcessMarker.KillAll(RunId);
        try
        {
            Directory.Delete(RunDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Temp files: the next lab up cleans up stale runs.
        }

        Log("lab stopped");
        _stopping.Dispose();
        if (_userLock is not null)
        {
            await _userLock.DisposeAsync();
        }
    }

    private async Task StartComponentsAsync(CancellationToken cancellationToken)
    {
        var options = _options;
        Log($"run {RunId}: scenario {options.Replica.Scenario}, {options.Replicas} replica(s), {(options.Balancer == BalancerKind.Haproxy ? "haproxy" : "yarp")} {BalancerPolicies.Name(options.Policy)}, store {options.Store}, {(options.Database == LabDatabaseKind.Postgres ? "postgres" : "sqlite")}");

        // The balancer first: a taken entry port fails the start at once, not after the seed.
        _balancer = await StartBalancerAsync(cancellationToken);
        _ = WatchBalancerAsync(_balancer);
        var started = _time.GetTimestamp();
        var storeTask = LabStores.StartAsync(options.Store, RunDirectory, RunId, cancellationToken);
        var shardsTask = ShardServers.StartAsync(
            options.Database,
            options.PostgresConnectionStrings.Count > 0 ? options.PostgresConnectionStrings.Count : options.Shards,
            options.PostgresConnectionStrings,
            RunDirectory,
            RunId,
            cancellationToken);
        try
        {
            await Task.WhenAll(storeTask, shardsTask);
        }
        finally
        {
            // Keep what started, so that DisposeAsync stops it even when the other failed.
            _store = storeTask.IsCompletedSuccessfully ? storeTask.Result : null;
            _shards = shardsTask.IsCompletedSuccessfully ? shardsTask.Result : null;
        }

        if (LabScenarios.Find(options.Replica.Scenario).DatabaseCores is { } databaseCores && _shards!.Clusters.Count > 0)
        {
            PinDatabases(_shards.Clusters, databaseCores);
        }

        Log($"store {_store!.Kind} at {_store.Url}; {_shards!.Locations.Count} {(_shards.Kind == LabDatabaseKind.Postgres ? "postgres" : "sqlite")} shard(s) ({Seconds(_time.GetElapsedTime(started))})");

        await using (var shardSet = ShardSet.Open(_shards.Kind, _shards.Locations))
        {
            var seed = await LabDataSeeder.SeedAsync(shardSet, options.Seed, cancellationToken);
            await LabScenarios.PrepareDataAsync(shardSet, options.Replica.Scenario, cancellationToken);
            Log(string.Create(CultureInfo.InvariantCulture,
                $"seeded {seed.Users:N0} users, {seed.Follows:N0} follows, {seed.Posts:N0} posts, {seed.Products:N0} products in {Seconds(seed.Duration)}"));
        }

        var replica = options.Replica with { Store = _store.Url, Database = _shards.Kind, Shards = _shards.Locations };
        _pool = new ReplicaPool(_launcher, replica, _balancer, RunId, RunDirectory, _events, _time, _stopping.Token);
        await _pool.StartAsync(options.Replicas, cancellationToken);

        if (options.Register)
        {
            _control = await ControlServer.StartAsync(new Control(this), cancellationToken);
            LabStateFile.Write(new LabState
            {
                RunId = RunId,
                SupervisorPid = Environment.ProcessId,
                SupervisorStartTicks = LabStateFile.StartTicks(Environment.ProcessId),
                ControlUrl = _control.Url.ToString(),
                Token = _control.Token,
                EntryUrl = _balancer.EntryUrl.ToString(),
                StartedAt = StartedAt,
                RunDirectory = RunDirectory,
                Database = _shards.Kind == LabDatabaseKind.Postgres ? "postgres" : "sqlite",
                Shards = _shards.Locations,
            });
        }
    }

    /// <summary>
    /// Gives every PostgreSQL server the lab started the same <paramref name="count"/> cores of their own, the
    /// machine's last ones (replicas pinned with --replica-cpus start from the first): pinned there with their
    /// backends, and ahead of every other process on them (nice -20), so that the database tier may use that many cores
    /// in all, whatever the number of shards, and gets them even on a busy machine: it saturates before the machine.
    /// </summary>
    private void PinDatabases(IReadOnlyList<PostgresCluster> clusters, int count)
    {
        var machine = Environment.ProcessorCount;
        var cores = Enumerable.Range(Math.Max(0, machine - count), Math.Min(count, machine)).ToArray();
        var list = string.Join(",", cores);
        foreach (var cluster in clusters)
        {
            var pinned = CpuAffinity.ApplyWithChildren(cluster.Pid, cores);
            var raised = ProcessPriority.SetWithChildren(cluster.Pid, DatabaseNice);
            Log($"postgres (shard {cluster.Index + 1}): {(pinned ? $"pinned to core(s) {list}" : $"not pinned to core(s) {list} (it may use every core)")}" +
                $"{(raised ? $", nice {DatabaseNice}" : ", priority unchanged (not root)")}");
        }
    }

    private async Task<ILabBalancer> StartBalancerAsync(CancellationToken cancellationToken)
    {
        try
        {
            return _options.Balancer == BalancerKind.Haproxy
                ? await HaproxyBalancer.StartAsync(_options.Port, _options.Policy, [], RunDirectory, RunId, cancellationToken)
                : await YarpBalancer.StartAsync(_options.Port, _options.Policy, [], cancellationToken);
        }
        catch (IOException ex) when (ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            throw new ChildProcessException($"port {_options.Port} on 127.0.0.1 is taken: choose another with --port (0 for any free port)");
        }
    }

    /// <summary>A balancer process that dies takes the entry point with it: the lab stops rather than pretend.</summary>
    private async Task WatchBalancerAsync(ILabBalancer balancer)
    {
        var code = await balancer.Exited;
        if (!_stopping.IsCancellationRequested)
        {
            Record($"the balancer ({balancer.Kind}, pid {balancer.Pid}) exited with code {code}: stopping the lab");
            RequestStop();
        }
    }

    private void Record(string message) => _events.Record(message);

    private void Log(string message) => _events.Log(message);

    /// <summary>The nice value of a database given cores of its own: ahead of the other processes on them.</summary>
    private const int DatabaseNice = -20;

    private static string Seconds(TimeSpan duration) => LabEventLog.Seconds(duration);

    private static async Task Quietly(Func<ValueTask> dispose)
    {
        try
        {
            await dispose();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Stopping: one component that fails to stop must not keep the others running.
        }
    }

    /// <summary>The control endpoint's view of the supervisor.</summary>
    private sealed class Control(LabSupervisor lab) : ILabControl
    {
        public LabStatus Status() => lab.Status();

        // Not the request's token: a client that gives up must not leave the lab half scaled.
        public Task<LabStatus> ScaleAsync(int replicas, CancellationToken cancellationToken) => lab.ScaleAsync(replicas, lab._stopping.Token);

        public bool KillReplica(int id) => lab.KillReplica(id);

        public void RequestStop() => lab.RequestStop();
    }
}
