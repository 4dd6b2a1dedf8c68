using ScaleLab.Lab.Balancer;
using ScaleLab.Lab.Processes;
using ScaleLab.Lab.Service;

namespace ScaleLab.Lab.Supervisor;

/// <summary>
/// The lab's replicas: one slot per replica id, each filled by a process that joins the balancer once healthy. It
/// starts them, restarts one that crashes, changes their number live, and stops them all. One change at a time
/// (the gate): a scale and a restart never interleave.
/// </summary>
/// <remarks>
/// Scaling in takes a replica out of the balancer first, waits until the balancer has no request in flight to it,
/// and only then sends SIGTERM (the replica drains what it still serves), so that no request is lost.
/// </remarks>
internal sealed class ReplicaPool(
    ReplicaLauncher launcher,
    ReplicaOptions options,
    ILabBalancer balancer,
    string runId,
    string runDirectory,
    LabEventLog events,
    TimeProvider time,
    CancellationToken stopping)
{
    private static readonly TimeSpan ReplicaStartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);
    private const int MaxRestartsInARow = 5;

    private readonly List<ReplicaSlot> _slots = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _replicas;

    /// <summary>How many replicas the lab is to run (what was asked, less the slots given up).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _replicas;
            }
        }
    }

    /// <summary>Starts <paramref name="replicas"/> replicas, ids 1 to N, in parallel; returns once all are healthy behind the balancer.</summary>
    public Task StartAsync(int replicas, CancellationToken cancellationToken)
    {
        List<ReplicaSlot> slots;
        lock (_lock)
        {
            _replicas = replicas;
            slots = Enumerable.Range(1, replicas).Select(id => new ReplicaSlot(id)).ToList();
            _slots.AddRange(slots);
        }

        return StartSlotsAsync(slots, cancellationToken);
    }

    /// <summary>
    /// Changes the replica count live. New replicas join the balancer once healthy; removed ones (the highest ids)
    /// leave the balancer first, then drain.
    /// </summary>
    public async Task ScaleAsync(int replicas, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var started = time.GetTimestamp();
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

            events.Record($"scaled from {before} to {replicas} replicas in {LabEventLog.Seconds(time.GetElapsedTime(started))}");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>SIGKILLs one replica, as a crash would; the pool notices and restarts it.</summary>
    public bool Kill(int id)
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

    /// <summary>The replicas as <c>lab status</c> shows them, by id.</summary>
    public IReadOnlyList<LabComponent> Components()
    {
        lock (_lock)
        {
            return _slots.OrderBy(s => s.Id).Select(Component).ToArray();
        }
    }

    private static LabComponent Component(ReplicaSlot slot)
    {
        var process = slot.Process;
        var component = new LabComponent(
            "replica",
            $"replica {slot.Id}",
            process?.Port ?? 0,
            process?.Pid,
            process?.Address.ToString() ?? "",
            slot.State.ToString().ToLowerInvariant());
        return component with { Restarts = slot.Restarts };
    }

    /// <summary>Stops every replica (SIGTERM: each drains; SIGKILL after a grace). Call once the stopping token fired.</summary>
    public async Task StopAllAsync(Func<Func<ValueTask>, Task> quietly)
    {
        ReplicaProcess[] processes;
        lock (_lock)
        {
            processes = _slots.Select(s => s.Process).OfType<ReplicaProcess>().ToArray();
            _slots.Clear();
        }

        await Task.WhenAll(processes.Select(p => quietly(() => new ValueTask(p.StopAsync(StopGrace)))));
        await Task.WhenAll(processes.Select(p => quietly(p.DisposeAsync)));
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
        var replica = await ReplicaProcess.StartAsync(slot.Id, launcher, options, runId, runDirectory, ReplicaStartTimeout, cancellationToken);
        lock (_lock)
        {
            slot.Process = replica;
            slot.State = ReplicaSlotState.Ready;
        }

        await UpdateBalancerAsync(cancellationToken);
        events.Log($"replica {slot.Id} ready at {replica.Address} (pid {replica.Pid}, {LabEventLog.Seconds(replica.Startup)})");
        _ = WatchAsync(slot, replica);
    }

    /// <summary>Takes a slot's replica out of service without failing a request, then stops it.</summary>
    private async Task RetireAsync(ReplicaSlot slot, CancellationToken cancellationToken)
    {
        var replica = slot.Process;
        if (replica is not null)
        {
            replica.Stopping = true;
            if (!await balancer.DrainAsync(replica.DestinationId, DrainTimeout, cancellationToken))
            {
                events.Record($"replica {slot.Id}: requests still in flight after {DrainTimeout.TotalSeconds:0} s; stopping it anyway");
            }

            await replica.StopAsync(StopGrace);
            await replica.DisposeAsync();
        }

        lock (_lock)
        {
            _slots.Remove(slot);
        }
    }

    /// <summary>Waits for a replica's exit; an exit the pool did not ask for is a crash: report, restart.</summary>
    private async Task WatchAsync(ReplicaSlot slot, ReplicaProcess replica)
    {
        var code = await replica.Exited;
        if (replica.Stopping || stopping.IsCancellationRequested)
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
        var last = replica.RecentOutput().LastOrDefault(l => l.Length > 0 && !l.StartsWith(ReplicaOptions.ReadyPrefix, StringComparison.Ordinal));
        events.Record($"replica {slot.Id} (pid {replica.Pid}) {how}{(last is null ? "" : $" (last words: {last})")}: restarting it");
        try
        {
            await UpdateBalancerAsync(stopping);

            // Its requests in flight fail with it; this only lets the balancer forget the dead destination.
            await balancer.DrainAsync(replica.DestinationId, TimeSpan.FromSeconds(1), stopping);
            await replica.DisposeAsync();
            await _gate.WaitAsync(stopping);
            try
            {
                await RestartAsync(slot, stopping);
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
            events.Record($"replica {slot.Id} could not be restarted: {ex.Message.Split('\n')[0]}");
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
                var replica = await ReplicaProcess.StartAsync(slot.Id, launcher, options, runId, runDirectory, ReplicaStartTimeout, cancellationToken);
                lock (_lock)
                {
                    slot.Process = replica;
                    slot.State = ReplicaSlotState.Ready;
                }

                await UpdateBalancerAsync(cancellationToken);
                events.Record($"replica {slot.Id} restarted at {replica.Address} (pid {replica.Pid}, {LabEventLog.Seconds(replica.Startup)})");
                _ = WatchAsync(slot, replica);
                return;
            }
            catch (ChildProcessException ex)
            {
                events.Record($"replica {slot.Id} did not restart (attempt {attempt} of {MaxRestartsInARow}): {ex.Message.Split('\n')[0]}");
                await Task.Delay(TimeSpan.FromSeconds(attempt), time, cancellationToken);
            }
        }

        lock (_lock)
        {
            _slots.Remove(slot);
            _replicas = _slots.Count;
        }

        events.Record($"replica {slot.Id} given up after {MaxRestartsInARow} failed restarts");
    }

    private async Task UpdateBalancerAsync(CancellationToken cancellationToken)
    {
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
}
