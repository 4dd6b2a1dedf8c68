using System.Globalization;
using ScaleLab.Lab.Audit;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Processes;
using ScaleLab.Lab.Scenarios;
using ScaleLab.Lab.Store;
using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// The bundled lab as the scaled system (<c>scale --lab SCENARIO</c>). The lab runs in a child process
/// (<c>lab up</c>), so its YARP balancer is a process apart from the load generator; its Garnet store runs in a
/// process of its own (<c>lab store</c>) unless the lab's options name another store, so that each tier's CPU is
/// its own. The lab starts once and is resized live between steps (new replicas join once healthy, removed ones
/// drain); only a change of the replicas' cores or memory starts it again, since a process's core count and heap
/// limit are read when it starts.
/// </summary>
public sealed class LabScaledSystem : IScaledSystem
{
    private readonly LabScaledSystemOptions _options;
    private ChildLab? _lab;
    private StoreProcess? _store;
    private ScaleSize? _size;
    private LabStatus? _status;

    /// <summary>A lab that is started by the first <see cref="ResizeAsync"/>.</summary>
    public LabScaledSystem(LabScaledSystemOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public string Description => $"lab {_options.Scenario}";

    /// <inheritdoc />
    public Uri Endpoint => _lab?.EntryUrl ?? throw new InvalidOperationException("the lab is not started");

    /// <inheritdoc />
    public async Task ResizeAsync(ScaleSize size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(size);
        try
        {
            if (_lab is null || _lab.HasExited || _size is null || _size.Cpus != size.Cpus || _size.MemoryMb != size.MemoryMb)
            {
                await StopAsync();
                await StartAsync(size, cancellationToken);
            }
            else if (_size.Replicas != size.Replicas)
            {
                _status = await _lab.ScaleAsync(size.Replicas, cancellationToken);
            }

            _size = size;
        }
        catch (Exception ex) when (ex is ChildProcessException or HttpRequestException or IOException or InvalidOperationException or System.Text.Json.JsonException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ScaleSetupException($"the lab did not reach {size.Replicas} replica(s): {ex.Message.Split('\n')[0]}", ex);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<ScaledProcess> Processes()
    {
        if (_lab is null || _status is null)
        {
            return [];
        }

        var processes = new List<ScaledProcess>();
        var balancer = _status.Components.FirstOrDefault(c => c.Role == "balancer" && c.Pid is > 0);
        // YARP runs in the supervisor's process, which does nothing else while measured (the store is apart).
        processes.Add(new ScaledProcess("balancer", "balancer", balancer?.Pid ?? _lab.SupervisorPid));
        if (_store is not null)
        {
            processes.Add(new ScaledProcess("store", "store", _store.Pid));
        }
        else if (_status.Components.FirstOrDefault(c => c.Role == "store" && c.Pid is > 0 && c.Pid != _lab.SupervisorPid) is { } store)
        {
            processes.Add(new ScaledProcess("store", "store", store.Pid!.Value));
        }

        // Shards the lab put on the same cores (a scenario giving the database cores of its own) are one tier, "db":
        // their CPU is one allowance, which a tier per shard would count once per shard.
        var sharedCores = LabScenarios.DatabaseCores(_options.Scenario) is not null;
        var shard = 0;
        foreach (var database in _status.Components.Where(c => c.Role == "database" && c.Pid is > 0))
        {
            var name = sharedCores ? "db" : string.Create(CultureInfo.InvariantCulture, $"db-{shard++}");
            // The postmaster and its backends, looked for again while measured: the replicas' pools open backends as
            // the load grows, and a list made before the window would leave their CPU out.
            processes.Add(new ScaledProcess(name, "database", database.Pid!.Value, WithDescendants: true));
        }

        foreach (var replica in _status.Components.Where(c => c.Role == "replica" && c.Pid is > 0))
        {
            processes.Add(new ScaledProcess(replica.Name.Replace(' ', '-'), "replica", replica.Pid!.Value, _size?.Cpus));
        }

        return processes;
    }

    /// <inheritdoc />
    public async Task<string?> KillOneAsync(CancellationToken cancellationToken)
    {
        if (_lab is null || _status is null)
        {
            return null;
        }

        var replicas = _status.Components.Where(c => c.Role == "replica").Select(c => c.Name).ToArray();
        if (replicas.Length == 0 || !int.TryParse(replicas[^1].Split(' ')[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        return await _lab.KillReplicaAsync(id, cancellationToken) ? $"replica-{id}" : null;
    }

    /// <inheritdoc />
    public async Task<int> ServingReplicasAsync(CancellationToken cancellationToken)
    {
        if (_lab is null)
        {
            return 0;
        }

        _status = await _lab.StatusAsync(cancellationToken);
        return _status.Components.Count(c => c.Role == "replica" && c.State == "ready");
    }

    /// <summary>
    /// The lab's order audit (for <c>--kill-one</c>): every acknowledged idempotency key checked against the shards
    /// as they are now, for orders lost or stored twice.
    /// </summary>
    public async Task<AuditReport> CheckOrdersAsync(IReadOnlyList<string> acknowledgedKeys, CancellationToken cancellationToken)
    {
        var lab = _lab ?? throw new InvalidOperationException("the lab is not started");
        var status = await lab.StatusAsync(cancellationToken);
        await using var shards = ShardSet.Open(status.Database, status.Shards);
        return await OrderAudit.CheckAsync(shards, acknowledgedKeys, cancellationToken);
    }

    /// <summary>Stops the lab and the store.</summary>
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartAsync(ScaleSize size, CancellationToken cancellationToken)
    {
        var storeArguments = new List<string>();
        if (!_options.Arguments.Contains("--store"))
        {
            _store = await StoreProcess.StartAsync(_options.StoreCommand, _options.StartTimeout, cancellationToken);
            storeArguments.AddRange(["--store", _store.Url]);
        }

        List<string> command =
        [
            .. _options.LabUpCommand,
            "--port", "0",
            "--scenario", _options.Scenario,
            "--replicas", size.Replicas.ToString(CultureInfo.InvariantCulture),
            .. _options.Arguments,
            .. storeArguments,
        ];
        if (size.Cpus is { } cpus)
        {
            command.AddRange(["--replica-cpus", cpus.ToString(CultureInfo.InvariantCulture)]);
        }

        if (size.MemoryMb is { } memory)
        {
            command.AddRange(["--replica-memory-mb", memory.ToString(CultureInfo.InvariantCulture)]);
        }

        _lab = await ChildLab.StartAsync(command, _options.StartTimeout, cancellationToken);
        _status = _lab.Status;
    }

    private async Task StopAsync()
    {
        if (_lab is { } lab)
        {
            _lab = null;
            _status = null;
            await lab.DisposeAsync();
        }

        if (_store is { } store)
        {
            _store = null;
            await store.DisposeAsync();
        }
    }
}
