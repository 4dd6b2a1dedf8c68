using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace ScaleLab.Agents.Tests.Hosts;

/// <summary>
/// Hosts on one private network, each a Linux network namespace with its own address, for tests whose load must
/// cross a real network stack rather than loopback. Per lab: namespaces <c>sl-ID-HOST</c> (ID six random hex digits:
/// parallel test classes and a crashed run's leftovers, which test.sh removes as <c>sl-*</c>, are 1 in 16 million to collide),
/// each joined by a veth pair to a bridge in a hub namespace <c>sl-ID-hub</c>, and the root namespace (where the test
/// process runs: the coordinator) joined to the same bridge by the veth <c>sl-ID</c>. Addresses come from a random
/// 10.X.Y.0/24 no route of the root namespace already covers: the root has .1, the hosts .2, .3, … in order.
/// Processes started with <see cref="RunIn"/> belong to the lab: killed and reaped when it is disposed, before every
/// namespace and link it made is removed.
/// </summary>
public sealed class NetworkLab : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>The hosts of a test across hosts: the target and two agents.</summary>
    public static readonly IReadOnlyList<string> DefaultHosts = ["target", "agent-a", "agent-b"];

    private readonly List<HostProcess> _processes = [];
    private readonly List<string> _namespacesMade = [];
    private readonly Lock _gate = new();
    private byte[] _subnet;
    private string? _rootLinkMade;
    private int _disposed;

    /// <summary>A lab of <see cref="DefaultHosts"/> (the form xunit makes as a class fixture).</summary>
    public NetworkLab()
        : this(DefaultHosts)
    {
    }

    private NetworkLab(IReadOnlyList<string> hosts)
    {
        Hosts = hosts;
        Id = "sl-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        _subnet = [10, (byte)RandomNumberGenerator.GetInt32(64, 255), (byte)RandomNumberGenerator.GetInt32(0, 256)];
    }

    /// <summary>The lab's prefix, e.g. <c>sl-3fa9c1</c>: every namespace it makes starts with it, and it names the root's link.</summary>
    public string Id { get; }

    public IReadOnlyList<string> Hosts { get; }

    /// <summary>The namespace the bridge lives in.</summary>
    public string Hub => $"{Id}-hub";

    /// <summary>The root namespace's end of its veth pair to the bridge.</summary>
    public string RootLink => Id;

    /// <summary>Every namespace of the lab: the hosts' and the hub.</summary>
    public IReadOnlyList<string> Namespaces => [.. Hosts.Select(Namespace), Hub];

    /// <summary>The root namespace's address on the lab's network.</summary>
    public IPAddress RootAddress => AddressAt(1);

    /// <summary>Makes a lab of <paramref name="hosts"/>, ready to use.</summary>
    public static async Task<NetworkLab> CreateAsync(params string[] hosts)
    {
        var lab = new NetworkLab(hosts);
        await lab.InitializeAsync();
        return lab;
    }

    public string Namespace(string host)
    {
        IndexOf(host);
        return $"{Id}-{host}";
    }

    public IPAddress Address(string host) => AddressAt(2 + IndexOf(host));

    /// <summary>Makes the namespaces, the bridge and the links; on a failure, removes what it made and throws one line.</summary>
    public async Task InitializeAsync()
    {
        if (IpCommand.Unavailable() is { } why)
        {
            throw new InvalidOperationException(why);
        }

        try
        {
            await ChooseSubnetAsync();
            await MakeNamespaceAsync(Hub);
            await IpCommand.RunAsync("-n", Hub, "link", "add", "br0", "type", "bridge");
            await IpCommand.RunAsync("-n", Hub, "link", "set", "br0", "up");
            foreach (var host in Hosts)
            {
                var ns = Namespace(host);
                await MakeNamespaceAsync(ns);
                // The pair is made in the hub with its other end straight in the host: no name in the root namespace.
                await IpCommand.RunAsync("-n", Hub, "link", "add", host, "type", "veth", "peer", "name", "eth0", "netns", ns);
                await IpCommand.RunAsync("-n", Hub, "link", "set", host, "master", "br0", "up");
                await IpCommand.RunAsync("-n", ns, "addr", "add", $"{Address(host)}/24", "dev", "eth0");
                await IpCommand.RunAsync("-n", ns, "link", "set", "eth0", "up");
            }

            await IpCommand.RunAsync("link", "add", RootLink, "type", "veth", "peer", "name", "root", "netns", Hub);
            _rootLinkMade = RootLink;
            await IpCommand.RunAsync("-n", Hub, "link", "set", "root", "master", "br0", "up");
            await IpCommand.RunAsync("addr", "add", $"{RootAddress}/24", "dev", RootLink);
            await IpCommand.RunAsync("link", "set", RootLink, "up");
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts <paramref name="executable"/> inside <paramref name="host"/>'s namespace (<c>ip netns exec</c>, which
    /// execs it: the process is the program itself, not a wrapper). The lab kills it on dispose.
    /// </summary>
    public HostProcess RunIn(string host, string executable, params IEnumerable<string> arguments) =>
        Own(HostProcess.Start($"{host}: {Path.GetFileName(executable)}", IpCommand.Path!, ["netns", "exec", Namespace(host), executable, .. arguments]));

    /// <summary>Starts <paramref name="executable"/> in the root namespace, with the test (the coordinator's place); the lab kills it on dispose.</summary>
    public HostProcess RunInRoot(string executable, params IEnumerable<string> arguments) =>
        Own(HostProcess.Start($"root: {Path.GetFileName(executable)}", executable, arguments));

    /// <summary>Pulls <paramref name="host"/>'s cable: its port on the bridge goes down, and no packet passes either way.</summary>
    public Task CutLinkAsync(string host) => IpCommand.RunAsync("-n", Hub, "link", "set", host, "down");

    /// <summary>Plugs <paramref name="host"/>'s cable back in.</summary>
    public Task RestoreLinkAsync(string host) => IpCommand.RunAsync("-n", Hub, "link", "set", host, "up");

    /// <summary>Kills the lab's processes, then removes every namespace and link it made (each call bounded).</summary>
    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        HostProcess[] processes;
        lock (_gate)
        {
            processes = [.. _processes];
        }

        foreach (var process in processes)
        {
            process.Dispose();
        }

        // Removed one by one, each failure kept: a namespace left behind must fail the run, not hide.
        var failures = new List<string>();
        if (_rootLinkMade is not null)
        {
            await RemoveAsync(failures, "link", "del", _rootLinkMade);
        }

        foreach (var ns in Enumerable.Reverse(_namespacesMade))
        {
            await RemoveAsync(failures, "netns", "del", ns);
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"NetworkLab {Id} left things behind: {string.Join("; ", failures)}");
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private static async Task RemoveAsync(List<string> failures, params string[] args)
    {
        try
        {
            var (exit, _, error) = await IpCommand.TryRunAsync(args);
            if (exit != 0)
            {
                failures.Add($"ip {string.Join(' ', args)}: {error.Trim()}");
            }
        }
        catch (TimeoutException ex)
        {
            failures.Add(ex.Message);
        }
    }

    private HostProcess Own(HostProcess process)
    {
        lock (_gate)
        {
            _processes.Add(process);
        }

        return process;
    }

    private async Task MakeNamespaceAsync(string ns)
    {
        await IpCommand.RunAsync("netns", "add", ns);
        _namespacesMade.Add(ns);
        await IpCommand.RunAsync("-n", ns, "link", "set", "lo", "up");
    }

    /// <summary>Draws again while a route of the root namespace already covers 10.X.Y.0/24 (another lab, a VPN).</summary>
    private async Task ChooseSubnetAsync()
    {
        var routes = await IpCommand.RunAsync("-4", "route", "show");
        for (var attempt = 0; attempt < 20 && Covers(routes, _subnet); attempt++)
        {
            _subnet = [10, (byte)RandomNumberGenerator.GetInt32(64, 255), (byte)RandomNumberGenerator.GetInt32(0, 256)];
        }
    }

    private static bool Covers(string routes, byte[] subnet) =>
        routes.Split('\n').Select(line => line.Split(' ')[0]).Any(destination => destination != "default" && Contains(destination, subnet));

    private static bool Contains(string destination, byte[] subnet)
    {
        var parts = destination.Split('/');
        if (!IPAddress.TryParse(parts[0], out var network))
        {
            return false;
        }

        var length = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 32;
        var ours = new IPAddress([subnet[0], subnet[1], subnet[2], 0]);
        // Overlap of two prefixes: the shorter one's bits agree.
        var common = Math.Min(length, 24);
        var mask = common == 0 ? 0u : uint.MaxValue << (32 - common);
        return (ToUInt(network) & mask) == (ToUInt(ours) & mask);
    }

    private static uint ToUInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    private int IndexOf(string host)
    {
        var index = Hosts.ToList().IndexOf(host);
        return index >= 0 ? index : throw new ArgumentException($"{host} is not a host of this lab ({string.Join(", ", Hosts)})", nameof(host));
    }

    private IPAddress AddressAt(int last) => new([_subnet[0], _subnet[1], _subnet[2], (byte)last]);
}
