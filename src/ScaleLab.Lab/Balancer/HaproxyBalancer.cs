using System.Globalization;
using ScaleLab.Lab.Processes;

namespace ScaleLab.Lab.Balancer;

/// <summary>
/// Debian's HAProxy as the lab's balancer (<c>--balancer haproxy</c>): a child process (parent-death signal, like every
/// child) whose replicas change live through the runtime API, never by a reload: a reload would leave the old
/// process serving its kept-alive clients with the old list of replicas.
/// </summary>
/// <remarks>
/// Each replica takes a server slot of the <c>server-template</c>: its address is set, then its state to ready.
/// Leaving, a slot goes to maintenance (no new request) and <see cref="DrainAsync"/> watches its current sessions
/// until none is left; the slot is then free for a later replica.
/// </remarks>
internal sealed class HaproxyBalancer : ILabBalancer
{
    public const string DefaultPath = "/usr/sbin/haproxy";

    private readonly ChildProcess _process;
    private readonly HaproxyRuntimeApi _api;
    private readonly Dictionary<string, string> _slotOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _leaving = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    private HaproxyBalancer(ChildProcess process, HaproxyRuntimeApi api, int port)
    {
        _process = process;
        _api = api;
        Port = port;
    }

    public string Kind => "haproxy";

    public int Port { get; }

    public int Pid => _process.Pid;

    public Uri EntryUrl => new($"http://127.0.0.1:{Port}/");

    public Task<int> Exited => _process.Exited;

    public static string? FindBinary() => File.Exists(DefaultPath) ? DefaultPath : LabPaths.FindOnPath("haproxy");

    /// <summary>Starts HAProxy on 127.0.0.1:<paramref name="port"/> (0: a free port); <paramref name="threads"/> null: HAProxy's default (one per CPU).</summary>
    public static async Task<HaproxyBalancer> StartAsync(
        int port,
        BalancerPolicy policy,
        IReadOnlyList<BalancerDestination> destinations,
        string runDirectory,
        string runId,
        CancellationToken cancellationToken,
        int? threads = null)
    {
        var binary = FindBinary()
            ?? throw new ChildProcessException("haproxy is not installed (Debian: apt-get install haproxy); use --balancer yarp");
        var directory = Path.Combine(runDirectory, "haproxy");
        Directory.CreateDirectory(directory);
        var socket = Path.Combine(directory, "admin.sock");
        var chosen = port == 0 ? LoopbackPort.GetFree() : port;
        var config = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(config, HaproxyConfig.Create(chosen, policy, socket, threads), cancellationToken);

        var process = await ChildProcess.StartAsync(new ChildProcessSpec("haproxy", binary, ["-db", "-f", config], runId) { WorkingDirectory = directory });
        try
        {
            var deadline = TimeProvider.System.GetTimestamp() + 10 * TimeProvider.System.TimestampFrequency;
            while (!File.Exists(socket) || !await LoopbackPort.IsListeningAsync(chosen, cancellationToken))
            {
                if (process.HasExited || TimeProvider.System.GetTimestamp() > deadline)
                {
                    var output = string.Join("\n  ", process.RecentOutput().TakeLast(8));
                    if (output.Contains("cannot bind", StringComparison.OrdinalIgnoreCase) || output.Contains("Address already in use", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new IOException($"address already in use: haproxy cannot bind 127.0.0.1:{chosen}");
                    }

                    throw new ChildProcessException($"haproxy did not start:\n  {output}");
                }

                await Task.Delay(50, cancellationToken);
            }

            var balancer = new HaproxyBalancer(process, new HaproxyRuntimeApi(socket), chosen);
            await balancer.SetDestinationsAsync(destinations, cancellationToken);
            return balancer;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public async Task SetDestinationsAsync(IReadOnlyList<BalancerDestination> destinations, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var wanted = destinations.ToDictionary(d => d.Id, StringComparer.Ordinal);
            foreach (var (id, slot) in _slotOf.Where(kv => !wanted.ContainsKey(kv.Key)).ToArray())
            {
                await _api.RunAsync($"set server {HaproxyConfig.Backend}/{slot} state maint", cancellationToken);
                _slotOf.Remove(id);
                _leaving[id] = slot;
            }

            foreach (var destination in destinations.Where(d => !_slotOf.ContainsKey(d.Id)))
            {
                var slot = FreeSlot();
                var address = destination.Address;
                await _api.RunAsync(string.Create(CultureInfo.InvariantCulture, $"set server {HaproxyConfig.Backend}/{slot} addr {address.Host} port {address.Port}"), cancellationToken);
                await _api.RunAsync($"set server {HaproxyConfig.Backend}/{slot} state ready", cancellationToken);
                _slotOf[destination.Id] = slot;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> DrainAsync(string destinationId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? slot;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _leaving.TryGetValue(destinationId, out slot);
        }
        finally
        {
            _gate.Release();
        }

        if (slot is null)
        {
            return true;
        }

        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        var drained = false;
        while (!drained && TimeProvider.System.GetTimestamp() <= deadline)
        {
            var sessions = await _api.CurrentSessionsAsync(HaproxyConfig.Backend, cancellationToken);
            drained = !sessions.TryGetValue(slot, out var current) || current == 0;
            if (!drained)
            {
                await Task.Delay(20, cancellationToken);
            }
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // The slot may serve another replica from now on.
            _leaving.Remove(destinationId);
        }
        finally
        {
            _gate.Release();
        }

        return drained;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private string FreeSlot()
    {
        var used = _slotOf.Values.Concat(_leaving.Values).ToHashSet(StringComparer.Ordinal);
        for (var i = 1; i <= HaproxyConfig.Slots; i++)
        {
            var slot = string.Create(CultureInfo.InvariantCulture, $"{HaproxyConfig.SlotPrefix}{i}");
            if (!used.Contains(slot))
            {
                return slot;
            }
        }

        throw new InvalidOperationException($"haproxy has {HaproxyConfig.Slots} server slots, all in use");
    }
}
