using ScaleLab.Lab.Balancer;
using ScaleLab.Lab.Processes;
using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// <c>scale --cmd "COMMAND … {port} …"</c>: N copies of any server, each on a free loopback port, behind the lab's
/// balancer (YARP in a process of its own, or HAProxy). Copies join the balancer once they answer their health
/// check, leave it before they stop (drained: the balancer's requests in flight to them finish first), and a copy
/// that dies unasked is taken out of the balancer at once and replaced, as the lab's supervisor does.
/// </summary>
/// <remarks>
/// Every process carries the lab's run marker and the parent-death signal, and each copy runs in a process group
/// of its own: disposing kills every group (what a copy forked too), then sweeps the run's marker.
/// </remarks>
public sealed class CmdScaledSystem : IScaledSystem
{
    private const int ReplaceAttempts = 3;

    private readonly CmdScaledSystemOptions _options;
    private readonly ServerCommand _command;
    private readonly List<CmdCopy> _copies = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _balancerGate = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private ILabBalancer? _balancer;
    private string? _directory;
    private ScaleSize? _size;

    /// <summary>Checks the command (it must hold <c>{port}</c>); starts nothing until <see cref="ResizeAsync"/>.</summary>
    /// <exception cref="ScaleSetupException">The command is empty, has an unclosed quote, or lacks <c>{port}</c>.</exception>
    public CmdScaledSystem(CmdScaledSystemOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _command = ServerCommand.Parse(options.Command);
        if (options.Balancer == BalancerKind.Yarp && options.BalancerCommand.Count == 0)
        {
            throw new ArgumentException("the YARP balancer needs a command", nameof(options));
        }
    }

    /// <inheritdoc />
    public string Description => _command.Text;

    /// <inheritdoc />
    public Uri Endpoint => _balancer?.EntryUrl ?? throw new InvalidOperationException("the copies are not started");

    /// <summary>The lab run id every process of this system carries (<c>SCALELAB_LAB_RUN</c>).</summary>
    internal string RunId { get; } = LabRunIds.New();

    /// <summary>The live processes that carry this system's run marker: none once it is disposed.</summary>
    internal IReadOnlyList<int> MarkedProcesses() => LabProcessMarker.FindProcesses(RunId);

    /// <summary>A line per event worth telling (a copy that died and its replacement), for the live view.</summary>
    public event Action<string>? Event;

    /// <inheritdoc />
    public async Task ResizeAsync(ScaleSize size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(size);
        if (size.Replicas < 1)
        {
            throw new ScaleSetupException("--replicas must be at least 1");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            _balancer ??= await StartBalancerAsync(cancellationToken);
            if (_size is { } current && (current.Cpus != size.Cpus || current.MemoryMb != size.MemoryMb))
            {
                // Limits live in each copy's environment and affinity: a new shape means new copies.
                await RemoveAsync(Snapshot(), cancellationToken);
            }

            _size = size;
            var copies = Snapshot();
            if (copies.Count > size.Replicas)
            {
                await RemoveAsync([.. copies.OrderByDescending(c => c.Slot).Take(copies.Count - size.Replicas)], cancellationToken);
            }
            else if (copies.Count < size.Replicas)
            {
                var used = copies.Select(c => c.Slot).ToHashSet();
                var slots = Enumerable.Range(1, size.Replicas * 2).Where(used.Add).Take(size.Replicas - copies.Count).ToArray();
                await Task.WhenAll(slots.Select(slot => AddAsync(slot, size, cancellationToken)));
            }

            await CheckHealthAsync(cancellationToken);
        }
        catch (ChildProcessException ex)
        {
            throw new ScaleSetupException($"--cmd: {ex.Message.Split('\n')[0]}", ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<ScaledProcess> Processes()
    {
        var processes = new List<ScaledProcess>();
        if (_balancer is { } balancer)
        {
            processes.Add(new ScaledProcess("balancer", "balancer", balancer.Pid));
        }

        processes.AddRange(Snapshot().OrderBy(c => c.Slot).Select(c => new ScaledProcess(c.Name, "replica", c.Process.Pid, c.Cores?.Count)));
        return processes;
    }

    /// <inheritdoc />
    public Task<string?> KillOneAsync(CancellationToken cancellationToken)
    {
        var victim = Snapshot().Where(c => !c.Process.HasExited).OrderBy(c => c.Slot).FirstOrDefault();
        if (victim is null)
        {
            return Task.FromResult<string?>(null);
        }

        victim.Kill();
        return Task.FromResult<string?>(victim.Name);
    }

    /// <inheritdoc />
    public Task<int> ServingReplicasAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Snapshot().Count(c => !c.Process.HasExited));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        await _disposing.CancelAsync();
        CmdCopy[] copies;
        lock (_lock)
        {
            copies = [.. _copies];
            _copies.Clear();
        }

        // The balancer first: no new request reaches a copy that is stopping.
        if (_balancer is { } balancer)
        {
            await balancer.DisposeAsync();
        }

        await Task.WhenAll(copies.Select(c => c.DisposeAsync().AsTask()));
        LabProcessMarker.KillAll(RunId);
        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A later lab's stale-run cleanup removes it.
            }
        }

        _disposing.Dispose();
    }

    private List<CmdCopy> Snapshot()
    {
        lock (_lock)
        {
            return [.. _copies];
        }
    }

    private async Task<ILabBalancer> StartBalancerAsync(CancellationToken cancellationToken)
    {
        _directory = LabRunIds.Directory(RunId);
        return _options.Balancer == BalancerKind.Haproxy
            ? await HaproxyBalancer.StartAsync(0, _options.Policy, [], _directory, RunId, cancellationToken)
            : await YarpProcessBalancer.StartAsync(_options.BalancerCommand, _options.Policy, RunId, _directory, cancellationToken);
    }

    private async Task AddAsync(int slot, ScaleSize size, CancellationToken cancellationToken)
    {
        var copy = await CmdCopy.StartAsync(_command, slot, size, _options, RunId, _directory!, cancellationToken);
        lock (_lock)
        {
            _copies.Add(copy);
        }

        await UpdateBalancerAsync(cancellationToken);
        _ = WatchAsync(copy);
    }

    /// <summary>Out of the balancer first, drained, then stopped: no request is lost by a resize.</summary>
    private async Task RemoveAsync(IReadOnlyList<CmdCopy> leaving, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var copy in leaving)
            {
                copy.Stopping = true;
                _copies.Remove(copy);
            }
        }

        await UpdateBalancerAsync(cancellationToken);
        await Task.WhenAll(leaving.Select(async copy =>
        {
            await _balancer!.DrainAsync(copy.Name, _options.DrainTimeout, cancellationToken);
            await copy.StopAsync(_options.StopGrace);
            await copy.DisposeAsync();
        }));
    }

    private async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        foreach (var copy in Snapshot())
        {
            if (!await copy.IsHealthyAsync(_options.HealthPath, cancellationToken))
            {
                throw new ScaleSetupException($"--cmd: copy {copy.Slot} of `{_command.Text}` (port {copy.Port}) does not answer GET {_options.HealthPath}");
            }
        }
    }

    /// <summary>
    /// Gives the balancer the copies that serve now. One update at a time, the list taken inside: copies that start
    /// in parallel must not overwrite a newer list with an older one.
    /// </summary>
    private async Task UpdateBalancerAsync(CancellationToken cancellationToken)
    {
        await _balancerGate.WaitAsync(cancellationToken);
        try
        {
            BalancerDestination[] destinations;
            lock (_lock)
            {
                destinations = _copies.Where(c => !c.Process.HasExited).OrderBy(c => c.Slot).Select(c => c.Destination).ToArray();
            }

            await _balancer!.SetDestinationsAsync(destinations, cancellationToken);
        }
        finally
        {
            _balancerGate.Release();
        }
    }

    /// <summary>A copy that exits unasked: out of the balancer at once, then a new one in its slot.</summary>
    private async Task WatchAsync(CmdCopy copy)
    {
        var code = await copy.Process.Exited;
        if (copy.Stopping || _disposing.IsCancellationRequested)
        {
            return;
        }

        var stopping = _disposing.Token;
        try
        {
            await _gate.WaitAsync(stopping);
            try
            {
                lock (_lock)
                {
                    if (!_copies.Remove(copy))
                    {
                        return;
                    }
                }

                await UpdateBalancerAsync(stopping);
                Event?.Invoke($"{copy.Name} (pid {copy.Process.Pid}) exited with code {code}: replacing it");
                await copy.DisposeAsync();
                for (var attempt = 1; attempt <= ReplaceAttempts; attempt++)
                {
                    try
                    {
                        await AddAsync(copy.Slot, _size!, stopping);
                        Event?.Invoke($"{copy.Name} replaced");
                        return;
                    }
                    catch (ScaleSetupException ex)
                    {
                        Event?.Invoke($"{copy.Name} was not replaced (attempt {attempt} of {ReplaceAttempts}): {ex.Message}");
                    }
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping.
        }
    }
}
