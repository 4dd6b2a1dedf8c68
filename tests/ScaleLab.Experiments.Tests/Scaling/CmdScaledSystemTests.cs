using ScaleLab.Experiments.Scaling;
using ScaleLab.Lab.Supervisor;
using ScaleLab.Experiments.Tests.Support;

namespace ScaleLab.Experiments.Tests.Scaling;

public sealed class CmdScaledSystemTests : IDisposable
{
    private readonly PortEchoServer _server = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        _server.Dispose();
    }

    private CmdScaledSystem Create(string? command = null, BalancerKind balancer = BalancerKind.Yarp) => new(new CmdScaledSystemOptions
    {
        Command = command ?? _server.Command,
        BalancerCommand = ScalelabCli.Command("lab", "balancer"),
        Balancer = balancer,
        StartTimeout = TimeSpan.FromSeconds(30),
    });

    /// <summary>The ports that answered <paramref name="requests"/> GETs through the balancer.</summary>
    private async Task<HashSet<string>> ServedByAsync(Uri endpoint, int requests)
    {
        var ports = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requests; i++)
        {
            ports.Add(await _http.GetStringAsync(endpoint));
        }

        return ports;
    }

    [Theory]
    [InlineData(BalancerKind.Yarp)]
    [InlineData(BalancerKind.Haproxy)]
    public async Task ResizeAsync_OneToTwoAndBack_BothCopiesServeThroughTheBalancer(BalancerKind kind)
    {
        await using var system = Create(balancer: kind);

        await system.ResizeAsync(new ScaleSize(1), CancellationToken.None);
        var one = await ServedByAsync(system.Endpoint, 6);
        await system.ResizeAsync(new ScaleSize(2), CancellationToken.None);
        var two = await ServedByAsync(system.Endpoint, 10);
        var processes = system.Processes();
        await system.ResizeAsync(new ScaleSize(1), CancellationToken.None);
        var back = await ServedByAsync(system.Endpoint, 6);

        Assert.Single(one);
        Assert.Equal(2, two.Count);
        Assert.Superset(one, two);
        Assert.Equal(one, back);
        Assert.Equal(["balancer", "replica", "replica"], processes.Select(p => p.Role));
        Assert.DoesNotContain(processes, p => p.Pid == Environment.ProcessId);
    }

    [Fact]
    public async Task DisposeAsync_ShellCommandWithAChild_LeavesNoProcess()
    {
        // `&` needs a shell: the shell, its background sleep and the server share the copy's process group.
        var system = Create($"sleep 300 & exec python3 '{_server.ScriptPath}' {{port}}");
        await system.ResizeAsync(new ScaleSize(2), CancellationToken.None);
        var groups = system.Processes().Where(p => p.Role == "replica").Select(p => p.Pid).ToArray();
        var balancer = system.Processes().Single(p => p.Role == "balancer").Pid;
        Assert.All(groups, group => Assert.True(ProcessGroup.Members(group).Count >= 2));

        await system.DisposeAsync();

        Assert.Empty(system.MarkedProcesses());
        Assert.All(groups, group => Assert.Empty(ProcessGroup.Members(group)));
        Assert.False(Directory.Exists($"/proc/{balancer}") && !File.ReadAllText($"/proc/{balancer}/stat").Contains(") Z ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResizeAsync_CancelledWhileCopiesStart_DisposeLeavesNoProcess()
    {
        // As Ctrl-C during a step's start: copies that are starting (slowly, behind a shell) and the balancer all go.
        var system = Create($"sleep 20; exec python3 '{_server.ScriptPath}' {{port}}");
        using var ctrlC = new CancellationTokenSource();
        var resize = system.ResizeAsync(new ScaleSize(2), ctrlC.Token);
        var during = system.MarkedProcesses();
        for (var wait = 0; during.Count < 3 && wait < 300; wait++)
        {
            await Task.Delay(100); // the balancer, then both copies' shells
            during = system.MarkedProcesses();
        }

        await ctrlC.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => resize);
        await system.DisposeAsync();

        Assert.True(during.Count >= 3, $"{during.Count} processes were running");
        Assert.Empty(system.MarkedProcesses());
    }

    [Fact]
    public async Task ResizeAsync_CommandThatExits_NamesItAndItsLastLine()
    {
        await using var system = Create("python3 -c \"import sys; print('cannot bind, giving up', file=sys.stderr); sys.exit(3)\" {port}");

        var error = await Assert.ThrowsAsync<ScaleSetupException>(() => system.ResizeAsync(new ScaleSize(1), CancellationToken.None));

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot bind, giving up", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task KillOneAsync_TwoCopies_TakenOutAndReplaced()
    {
        await using var system = Create();
        await system.ResizeAsync(new ScaleSize(2), CancellationToken.None);
        var before = await ServedByAsync(system.Endpoint, 6);

        var killed = await system.KillOneAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var dropped = false;
        while (DateTime.UtcNow < deadline)
        {
            var serving = await system.ServingReplicasAsync(CancellationToken.None);
            dropped |= serving < 2;
            if (dropped && serving == 2)
            {
                break;
            }

            await Task.Delay(20);
        }

        var after = await ServedByAsync(system.Endpoint, 10);
        Assert.Equal("replica-1", killed);
        Assert.Equal(2, before.Count);
        Assert.Equal(2, await system.ServingReplicasAsync(CancellationToken.None));
        Assert.Equal(2, after.Count);
        Assert.NotEqual(before, after); // the replacement listens on a new port
    }

    [Fact]
    public async Task ResizeAsync_OneCpu_PinsEachCopyAndTellsDotnet()
    {
        await using var system = Create();

        await system.ResizeAsync(new ScaleSize(2, Cpus: 1, MemoryMb: 256), CancellationToken.None);

        var replicas = system.Processes().Where(p => p.Role == "replica").ToArray();
        var allowed = replicas.Select(p => File.ReadAllLines($"/proc/{p.Pid}/status").Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)).Split(':')[1].Trim()).ToArray();
        var environment = File.ReadAllText($"/proc/{replicas[0].Pid}/environ").Split('\0');
        Assert.All(replicas, p => Assert.Equal(1, p.Cores));
        Assert.Equal(Environment.ProcessorCount > 1 ? ["0", "1"] : ["0", "0"], allowed);
        Assert.Contains("DOTNET_PROCESSOR_COUNT=1", environment);
        Assert.Contains("DOTNET_GCHeapHardLimit=0x10000000", environment);
    }
}
