using System.Globalization;
using ScaleLab.Lab.Balancer;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Database;
using ScaleLab.Lab.Processes;
using ScaleLab.Lab.Scenarios;
using ScaleLab.Lab.Store;

namespace ScaleLab.Lab.Supervisor;

/// <summary>
/// Runs the lab: the store, the shards (seeded), N replica processes and the balancer in front of them; restarts a
/// replica that crashes; changes the replica count live; stops everything in order, and leaves no process behind.
/// </summary>
/// <remarks>
/// Order of start: store and databases (in parallel), seed, replicas (in parallel), balancer, then the control
/// endpoint and the state file. Order of stop: the balancer first (no new request enters; those in flight finish),
/// then the replicas (SIGTERM: each drains), the store, the databases, the temp files. Scaling in takes a replica out
/// of the balancer first, waits until the balancer has no request in flight to it, and only then sends SIGTERM, so
/// that no request is lost.
/// </remarks>
public sealed class LabSupervisor : IAsyncDisposable
{
    private static readonly TimeSpan ReplicaStartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);
    private const int MaxEvents = 50;
    private const int MaxRestartsInARow = 5;

    private readonly LabOptions _options;
    private readonly ReplicaLauncher _launcher;
    private readonly List<ReplicaSlot> _slots = [];
    private readonly Queue<LabEvent> _events = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;

    private FileStream? _userLock;
    private ILabStore? _store;
    private ShardServers? _shards;
    private ILabBalancer? _balancer;
    private ControlServer? _control;
    private int _replicas;
    private bool _disposed;

    private LabSupervisor(LabOptions options, string runId, string runDirectory, TimeProvider time)
    {
        _options = options;
        _time = time;
        _launcher = options.Launcher ?? throw new ArgumentException("the options carry no replica launcher", nameof(options));
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
    public LabStatus Status()
    {
        lock (_lock)
        {
            var components = new List<LabComponent>
            {
                new("supervisor", "scalelab lab up", _control?.Url.Port ?? 0, Environment.ProcessId, _control?.Url.ToString() ?? "", "running"),
            };
            if (_balancer is { } balancer)
            {
                components.Add(new("balancer", $"{balancer.Kind} {BalancerPolicies.Name(_options.Policy)}", balancer.Port, balancer.Pid, balancer.EntryUrl.ToString(), "running"));
            }

            foreach (var slot in _slots.OrderBy(s => s.Id))
            {
                var process = slot.Process;
                components.Add(new LabComponent(
                    "replica",
                    $"replica {slot.Id}",
                    process?.Port ?? 0,
                    process?.Pid,
                    process?.Address.ToString() ?? "",
                    slot.State.ToString().ToLowerInvariant()) { Restarts = slot.Restarts });
            }

            if (_store is { } store)
            {
                components.Add(new("store", store.Kind, store.Port, store.Pid, store.Url, "running"));
            }

            if (_shards is { } shards)
            {
                for (var i = 0; i < shards.Locations.Count; i++)
                {
                    var cluster = shards.Clusters.FirstOrDefault(c => c.Index == i);
                    components.Add(new(
                        "database",
                        $"{(shards.Kind == LabDatabaseKind.Postgres ? "postgres" : "sqlite")} shard {i + 1}",
                        cluster?.Port ?? 0,
                        cluster?.Pid,
                        shards.Locations[i],
                        "running"));
                }
            }

            return new LabStatus
            {
                RunId = RunId,
                StartedAt = StartedAt,
                EntryUrl = _balancer?.EntryUrl.ToString() ?? "",
                Scenario = _options.Replica.Scenario,
                Balancer = _options.Balancer == BalancerKind.Haproxy ? "haproxy" : "yarp",
                Policy = BalancerPolicies.Name(_options.Policy),
                Store = _store is null ? _options.Store.ToString() : $"{_store.Kind} {_store.Url}",
                Database = _options.Database == LabDatabaseKind.Postgres ? "postgres" : "sqlite",
                Shards = _shards?.Locations ?? [],
                Replicas = _replicas,
                Workers = _options.Replica.Workers,
                CpuMs = _options.Replica.CpuMs,
                IoMs = _options.Replica.IoMs,
                Components = components,
                Events = [.. _events],
            };
        }
    }

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

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var started = _time.GetTimestamp();
            int before;
            List<ReplicaSlot> added = [], removed = [];
            lock (_lock)
            {
                before = _slots.Count;
                _replicas = replicas;
                if (replicas > _slots.Count)
                {
                    var used = _slots.Select(s => s.Id).ToHashSet();
                    for (int id = 1, missing = replicas - _slots.Count; missing > 0; id++)
                    {
                        if (used.Add(id))
                        {
                            var slot = new ReplicaSlot(id);
                            _slots.Add(slot);
                            added.Add(slot);
                            missing--;
                        }
                    }
                }
                else
                {
                    removed = _slots.OrderByDescending(s => s.Id).Take(_slots.Count - replicas).ToList();
                    removed.ForEach(s => s.State = ReplicaSlotState.Draining);
                }
            }

            if (removed.Count > 0)
            {
                await UpdateBalancerAsync(cancellationToken);
                await Task.WhenAll(removed.Select(slot => RetireAsync(slot, cancellationToken)));
            }

            if (added.Count > 0)
            {
                await StartSlotsAsync(added, cancellationToken);
            }

            Record($"scaled from {before} to {replicas} replicas in {Seconds(_time.GetElapsedTime(started))}");
            return Status();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>SIGKILLs one replica, as a crash would; the supervisor notices and restarts it.</summary>
    public bool KillReplica(int id)
    {
        ReplicaProcess? process;
        lock (_lock)
        {
            process = _slots.FirstOrDefault(s => s.Id == id)?.Process;
        }

        if (process is null || process.HasExited)
        {
            return false;
        }

        process.Kill();
        return true;
    }

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

        ReplicaProcess[] processes;
        lock (_lock)
        {
            processes = _slots.Select(s => s.Process).OfType<ReplicaProcess>().ToArray();
            _slots.Clear();
        }

        await Task.WhenAll(processes.Select(p => Quietly(() => new ValueTask(p.StopAsync(StopGrace)))));
        await Task.WhenAll(processes.Select(p => Quietly(p.DisposeAsync)));
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

        Log($"store {_store!.Kind} at {_store.Url}; {_shards!.Locations.Count} {(_shards.Kind == LabDatabaseKind.Postgres ? "postgres" : "sqlite")} shard(s) ({Seconds(_time.GetElapsedTime(started))})");

        await using (var shardSet = ShardSet.Open(_shards.Kind, _shards.Locations))
        {
            var seed = await LabDataSeeder.SeedAsync(shardSet, options.Seed, cancellationToken);
            await LabScenarios.PrepareDataAsync(shardSet, options.Replica.Scenario, cancellationToken);
            Log(string.Create(CultureInfo.InvariantCulture,
                $"seeded {seed.Users:N0} users, {seed.Follows:N0} follows, {seed.Posts:N0} posts, {seed.Products:N0} products in {Seconds(seed.Duration)}"));
        }

        List<ReplicaSlot> slots;
        lock (_lock)
        {
            _replicas = options.Replicas;
            slots = Enumerable.Range(1, options.Replicas).Select(id => new ReplicaSlot(id)).ToList();
            _slots.AddRange(slots);
        }

        await StartSlotsAsync(slots, cancellationToken);

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

    /// <summary>Starts a replica in each slot (in parallel); each joins the balancer as soon as it is healthy.</summary>
    private async Task StartSlotsAsync(IReadOnlyList<ReplicaSlot> slots, CancellationToken cancellationToken)
    {
        var starts = slots.Select(slot => StartReplicaAsync(slot, cancellationToken)).ToArray();
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            lock (_lock)
            {
                // A slot whose replica never started is no replica: take it out of the count.
                foreach (var slot in slots.Where(s => s.Process is null))
                {
                    _slots.Remove(slot);
                }

                _replicas = _slots.Count;
            }

            throw;
        }
    }

    private async Task StartReplicaAsync(ReplicaSlot slot, CancellationToken cancellationToken)
    {
        var replica = await ReplicaProcess.StartAsync(slot.Id, _launcher, ReplicaOptions(), RunId, RunDirectory, ReplicaStartTimeout, cancellationToken);
        lock (_lock)
        {
            slot.Process = replica;
            slot.State = ReplicaSlotState.Ready;
        }

        await UpdateBalancerAsync(cancellationToken);
        Log($"replica {slot.Id} ready at {replica.Address} (pid {replica.Pid}, {Seconds(replica.Startup)})");
        _ = WatchAsync(slot, replica);
    }

    private Service.ReplicaOptions ReplicaOptions() => _options.Replica with
    {
        Store = _store!.Url,
        Database = _shards!.Kind,
        Shards = _shards.Locations,
    };

    /// <summary>Takes a slot's replica out of service without failing a request, then stops it.</summary>
    private async Task RetireAsync(ReplicaSlot slot, CancellationToken cancellationToken)
    {
        var replica = slot.Process;
        if (replica is not null)
        {
            replica.Stopping = true;
            var drained = _balancer is null || await _balancer.DrainAsync(replica.DestinationId, DrainTimeout, cancellationToken);
            if (!drained)
            {
                Record($"replica {slot.Id}: requests still in flight after {DrainTimeout.TotalSeconds:0} s; stopping it anyway");
            }

            await replica.StopAsync(StopGrace);
            await replica.DisposeAsync();
        }

        lock (_lock)
        {
            _slots.Remove(slot);
        }
    }

    /// <summary>Waits for a replica's exit; an exit the supervisor did not ask for is a crash: report, restart.</summary>
    private async Task WatchAsync(ReplicaSlot slot, ReplicaProcess replica)
    {
        var code = await replica.Exited;
        if (replica.Stopping || _stopping.IsCancellationRequested)
        {
            return;
        }

        lock (_lock)
        {
            if (slot.Process != replica)
            {
                return;
            }

            slot.State = ReplicaSlotState.Restarting;
        }

        // .NET reports a death by signal N as exit code 128 + N.
        var how = code > 128 ? $"was killed by signal {code - 128}" : $"exited with code {code}";
        var last = replica.RecentOutput().LastOrDefault(l => l.Length > 0 && !l.StartsWith(Service.ReplicaOptions.ReadyPrefix, StringComparison.Ordinal));
        Record($"replica {slot.Id} (pid {replica.Pid}) {how}{(last is null ? "" : $" (last words: {last})")}: restarting it");
        try
        {
            var token = _stopping.Token;
            await UpdateBalancerAsync(token);
            if (_balancer is { } balancer)
            {
                // Its requests in flight fail with it; this only lets the balancer forget the dead destination.
                await balancer.DrainAsync(replica.DestinationId, TimeSpan.FromSeconds(1), token);
            }

            await replica.DisposeAsync();
            await _gate.WaitAsync(token);
            try
            {
                await RestartAsync(slot, token);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (OperationCanceledException)
        {
            // The lab is stopping.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Nobody awaits this task: say what went wrong rather than lose it.
            Record($"replica {slot.Id} could not be restarted: {ex.Message.Split('\n')[0]}");
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

    private async Task RestartAsync(ReplicaSlot slot, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxRestartsInARow; attempt++)
        {
            lock (_lock)
            {
                if (!_slots.Contains(slot))
                {
                    return; // scaled in meanwhile
                }

                slot.Restarts++;
            }

            try
            {
                var replica = await ReplicaProcess.StartAsync(slot.Id, _launcher, ReplicaOptions(), RunId, RunDirectory, ReplicaStartTimeout, cancellationToken);
                lock (_lock)
                {
                    slot.Process = replica;
                    slot.State = ReplicaSlotState.Ready;
                }

                await UpdateBalancerAsync(cancellationToken);
                Record($"replica {slot.Id} restarted at {replica.Address} (pid {replica.Pid}, {Seconds(replica.Startup)})");
                _ = WatchAsync(slot, replica);
                return;
            }
            catch (ChildProcessException ex)
            {
                Record($"replica {slot.Id} did not restart (attempt {attempt} of {MaxRestartsInARow}): {ex.Message.Split('\n')[0]}");
                await Task.Delay(TimeSpan.FromSeconds(attempt), _time, cancellationToken);
            }
        }

        lock (_lock)
        {
            _slots.Remove(slot);
            _replicas = _slots.Count;
        }

        Record($"replica {slot.Id} given up after {MaxRestartsInARow} failed restarts");
    }

    private async Task UpdateBalancerAsync(CancellationToken cancellationToken)
    {
        if (_balancer is not { } balancer)
        {
            return;
        }

        BalancerDestination[] destinations;
        lock (_lock)
        {
            destinations = _slots
                .Where(s => s.State == ReplicaSlotState.Ready && s.Process is { HasExited: false })
                .OrderBy(s => s.Id)
                .Select(s => s.Process!.Destination)
                .ToArray();
        }

        await balancer.SetDestinationsAsync(destinations, cancellationToken);
    }

    private void Record(string message)
    {
        lock (_lock)
        {
            _events.Enqueue(new LabEvent(_time.GetUtcNow(), message));
            while (_events.Count > MaxEvents)
            {
                _events.Dequeue();
            }
        }

        Log(message);
    }

    private void Log(string message)
    {
        if (_options.Log is { } log)
        {
            lock (log)
            {
                log.WriteLine($"lab: {message}");
                log.Flush();
            }
        }
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture);

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
