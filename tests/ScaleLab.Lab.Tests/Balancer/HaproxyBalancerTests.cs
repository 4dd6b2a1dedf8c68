using ScaleLab.Lab.Balancer;

namespace ScaleLab.Lab.Tests.Balancer;

/// <summary>HAProxy (Debian's package, /usr/sbin/haproxy: test.sh installs it) as the lab's balancer, driven live through its runtime API.</summary>
public sealed class HaproxyBalancerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-haproxy-test-").FullName;

    [Fact]
    public async Task RoundRobin_TwoBackends_Alternates()
    {
        RequireHaproxy();
        await using var a = await NamedBackend.StartAsync("a");
        await using var b = await NamedBackend.StartAsync("b");
        await using var balancer = await HaproxyBalancer.StartAsync(0, BalancerPolicy.RoundRobin, YarpBalancerTests.Destinations(a, b), _directory, "test", CancellationToken.None);
        using var http = YarpBalancerTests.Client();

        var answers = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await http.GetStringAsync(balancer.EntryUrl));
        }

        Assert.Equal(5, answers.Count(x => x == "a"));
        Assert.Equal(5, answers.Count(x => x == "b"));
    }

    [Fact]
    public async Task RemoveDestination_UnderLoad_NoRequestFails()
    {
        RequireHaproxy();
        await using var a = await NamedBackend.StartAsync("a", TimeSpan.FromMilliseconds(20));
        await using var b = await NamedBackend.StartAsync("b", TimeSpan.FromMilliseconds(20));
        await using var balancer = await HaproxyBalancer.StartAsync(0, BalancerPolicy.RoundRobin, YarpBalancerTests.Destinations(a, b), _directory, "test", CancellationToken.None);
        var load = new BalancerLoad();
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(balancer.EntryUrl, clients: 8, stop.Token, TimeSpan.FromSeconds(20));

        await YarpBalancerTests.WaitUntilAsync(() => b.Served > 20);
        await balancer.SetDestinationsAsync(YarpBalancerTests.Destinations(a), CancellationToken.None);
        Assert.True(await balancer.DrainAsync("b", TimeSpan.FromSeconds(10), CancellationToken.None));
        var servedByB = b.Served;
        await b.StopAsync();
        var servedByA = a.Served;
        await YarpBalancerTests.WaitUntilAsync(() => a.Served > servedByA + 50);
        await stop.CancelAsync();
        await running;

        Assert.Empty(load.Failures);
        Assert.Equal(servedByB, b.Served);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void RequireHaproxy() =>
        Assert.True(HaproxyBalancer.FindBinary() is not null, "haproxy is not installed: apt-get install haproxy (test.sh does it)");
}
