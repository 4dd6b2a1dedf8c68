using System.Diagnostics;
using System.Text.Json;

namespace ScaleLab.Agents.Tests.Hosts;

/// <summary>The lab's hosts reach one another and the root over the bridge, at their own addresses.</summary>
public sealed class NetworkLabTests(NetworkLab lab) : IClassFixture<NetworkLab>
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Target_InItsNamespace_AnswersTheRootAtItsOwnAddress()
    {
        using var target = await StartTargetAsync(8081);
        using var client = LabClient();

        var body = await client.GetStringAsync($"http://{lab.Address("target")}:8081/");
        var stats = await client.GetStringAsync($"http://{lab.Address("target")}:8081/stats");

        Assert.Equal("Hello, World!", body);
        Assert.Equal("""{"requests":1}""", stats);
    }

    [Fact]
    public async Task Target_InItsNamespace_NotOnTheRootsLoopback()
    {
        using var target = await StartTargetAsync(8082);
        using var client = LabClient();

        // The namespace has a loopback of its own: the target's port is free on the root's.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetStringAsync("http://127.0.0.1:8082/"));
    }

    [Fact]
    public async Task Run_FromAnAgentNamespace_CountsWhatTheTargetServed()
    {
        using var target = await StartTargetAsync(8083);
        var output = Directory.CreateTempSubdirectory("sl-netns-");
        try
        {
            var json = Path.Combine(output.FullName, "run.json");
            using var run = lab.RunIn("agent-a", ScalelabCli.Executable,
                ScalelabCli.Arguments("run", $"http://{lab.Address("target")}:8083/", "-c", "4", "-d", "2s", "--json", json));

            var exit = await run.WaitForExitAsync(Startup);
            using var client = LabClient();
            var served = JsonDocument.Parse(await client.GetStringAsync($"http://{lab.Address("target")}:8083/stats")).RootElement.GetProperty("requests").GetInt64();

            Assert.True(exit == 0, $"run exited {exit}: {run.Error}");
            var requests = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("requests").GetInt64();
            Assert.True(requests > 0, "the run sent nothing across the bridge");
            // The run counts the responses that ended inside its window; a request of each user may be in flight
            // when the window closes: the target served it, the run left it out.
            Assert.InRange(served, requests, requests + 4);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    internal static HttpClient LabClient() =>
        new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(20) };

    private async Task<HostProcess> StartTargetAsync(int port)
    {
        var target = lab.RunIn("target", ScalelabCli.Executable, ScalelabCli.Arguments("target", "--listen", $"{lab.Address("target")}:{port}"));
        var line = await target.WaitForLineAsync("target listening on", Startup);
        Assert.Equal($"target listening on http://{lab.Address("target")}:{port}", line);
        return target;
    }
}

/// <summary>What a lab makes, it removes; what it cuts, no packet crosses.</summary>
public sealed class NetworkLabLifetimeTests
{
    [Fact]
    public async Task Dispose_AfterUse_RemovesEveryNamespaceLinkAndProcess()
    {
        var lab = await NetworkLab.CreateAsync("target", "agent-a");
        var namespaces = lab.Namespaces;
        var sleeper = lab.RunIn("agent-a", "sleep", "600");
        var listedBefore = await IpCommand.RunAsync("netns", "list");

        await lab.DisposeAsync();

        var listedAfter = await IpCommand.RunAsync("netns", "list");
        var links = await IpCommand.RunAsync("-o", "link", "show");
        Assert.All(namespaces, ns => Assert.Contains(ns, listedBefore, StringComparison.Ordinal));
        Assert.All(namespaces, ns => Assert.DoesNotContain(ns, listedAfter, StringComparison.Ordinal));
        Assert.DoesNotContain($" {lab.RootLink}@", links, StringComparison.Ordinal);
        Assert.True(sleeper.HasExited, "the process in the namespace outlived the lab");
    }

    [Fact]
    public async Task CutLink_Target_NoPacketPassesUntilRestored()
    {
        await using var lab = await NetworkLab.CreateAsync("target");
        using var target = lab.RunIn("target", ScalelabCli.Executable, ScalelabCli.Arguments("target", "--listen", $"{lab.Address("target")}:8080"));
        await target.WaitForLineAsync("target listening on", TimeSpan.FromSeconds(60));
        var url = $"http://{lab.Address("target")}:8080/";
        using var client = NetworkLabTests.LabClient();
        Assert.Equal("Hello, World!", await client.GetStringAsync(url));

        await lab.CutLinkAsync("target");
        var clock = Stopwatch.StartNew();
        using var cut = NetworkLabTests.LabClient();
        var failure = await Record.ExceptionAsync(() => cut.GetStringAsync(url));
        clock.Stop();
        await lab.RestoreLinkAsync("target");
        using var restored = NetworkLabTests.LabClient();
        var after = await restored.GetStringAsync(url);

        // Silence, not a refusal: a pulled cable answers nothing, so the connect runs into its timeout.
        Assert.NotNull(failure);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(2), $"failed after {clock.Elapsed}: {failure}");
        Assert.Equal("Hello, World!", after);
    }

    [Fact]
    public void Unavailable_RootWithIp_SaysNothing()
    {
        // test.sh runs as root with iproute2 installed: a machine without them fails here with the reason.
        Assert.Null(IpCommand.Unavailable());
    }
}
