using System.Net;
using ScaleLab.Lab.Balancer;

namespace ScaleLab.Lab.Tests.Balancer;

public sealed class YarpBalancerTests
{
    [Fact]
    public async Task RoundRobin_TwoBackends_Alternates()
    {
        await using var a = await NamedBackend.StartAsync("a");
        await using var b = await NamedBackend.StartAsync("b");
        await using var balancer = await YarpBalancer.StartAsync(0, BalancerPolicy.RoundRobin, Destinations(a, b), CancellationToken.None);
        using var http = Client();

        var answers = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await http.GetStringAsync(balancer.EntryUrl));
        }

        for (var i = 1; i < answers.Count; i++)
        {
            Assert.NotEqual(answers[i - 1], answers[i]);
        }

        Assert.Equal(5, answers.Count(x => x == "a"));
    }

    [Theory]
    [InlineData(BalancerPolicy.LeastRequests)]
    [InlineData(BalancerPolicy.PowerOfTwo)]
    public async Task LeastBusyPolicy_OneBackendBusy_PrefersTheIdleOne(BalancerPolicy policy)
    {
        await using var a = await NamedBackend.StartAsync("a");
        await using var b = await NamedBackend.StartAsync("b");
        await using var balancer = await YarpBalancer.StartAsync(0, policy, Destinations(a, b), CancellationToken.None);
        using var http = Client();

        // One request held on whichever backend gets it: that backend now has a request in flight, the other none.
        var held = http.GetStringAsync(new Uri(balancer.EntryUrl, "/hold"));
        await WaitUntilAsync(() => a.InFlight + b.InFlight == 1);
        var busy = a.InFlight == 1 ? "a" : "b";

        var answers = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await http.GetStringAsync(balancer.EntryUrl));
        }

        a.Release();
        b.Release();
        Assert.Equal(busy, await held);
        Assert.All(answers, answer => Assert.NotEqual(busy, answer));
    }

    [Fact]
    public async Task Sticky_ClientKeepsItsCookie_StaysOnOneBackend()
    {
        await using var a = await NamedBackend.StartAsync("a");
        await using var b = await NamedBackend.StartAsync("b");
        await using var balancer = await YarpBalancer.StartAsync(0, BalancerPolicy.Sticky, Destinations(a, b), CancellationToken.None);
        using var first = Client(new CookieContainer());
        using var second = Client(new CookieContainer());

        var firstAnswers = new List<string>();
        var secondAnswers = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            firstAnswers.Add(await first.GetStringAsync(balancer.EntryUrl));
            secondAnswers.Add(await second.GetStringAsync(balancer.EntryUrl));
        }

        Assert.Single(firstAnswers.Distinct());
        Assert.Single(secondAnswers.Distinct());
        // Round robin places the two clients' first requests, so they land on different backends.
        Assert.NotEqual(firstAnswers[0], secondAnswers[0]);
    }

    [Fact]
    public async Task RemoveDestination_UnderLoad_NoRequestFails()
    {
        await using var a = await NamedBackend.StartAsync("a", TimeSpan.FromMilliseconds(20));
        await using var b = await NamedBackend.StartAsync("b", TimeSpan.FromMilliseconds(20));
        await using var balancer = await YarpBalancer.StartAsync(0, BalancerPolicy.RoundRobin, Destinations(a, b), CancellationToken.None);
        var load = new BalancerLoad();
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(balancer.EntryUrl, clients: 8, stop.Token, TimeSpan.FromSeconds(20));

        await WaitUntilAsync(() => b.Served > 20);
        await balancer.SetDestinationsAsync(Destinations(a), CancellationToken.None);
        Assert.True(await balancer.DrainAsync("b", TimeSpan.FromSeconds(10), CancellationToken.None));
        var servedByB = b.Served;
        await b.StopAsync();
        var servedByA = a.Served;
        await WaitUntilAsync(() => a.Served > servedByA + 50);
        await stop.CancelAsync();
        await running;

        Assert.Empty(load.Failures);
        Assert.Equal(servedByB, b.Served);
        Assert.Equal(servedByB, load.Answers["b"]);
    }

    [Fact]
    public async Task AddDestination_Live_NewBackendGetsRequests()
    {
        await using var a = await NamedBackend.StartAsync("a");
        await using var b = await NamedBackend.StartAsync("b");
        await using var balancer = await YarpBalancer.StartAsync(0, BalancerPolicy.RoundRobin, Destinations(a), CancellationToken.None);
        using var http = Client();
        Assert.Equal("a", await http.GetStringAsync(balancer.EntryUrl));

        await balancer.SetDestinationsAsync(Destinations(a, b), CancellationToken.None);
        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await http.GetStringAsync(balancer.EntryUrl));
        }

        Assert.Equal(2, answers.Count(x => x == "b"));
    }

    [Fact]
    public async Task DeadDestination_RefusesConnections_RequestsWithoutBodyGoToTheLiveOne()
    {
        await using var a = await NamedBackend.StartAsync("a");
        await using var b = await NamedBackend.StartAsync("b");
        await b.StopAsync();
        await using var balancer = await YarpBalancer.StartAsync(0, BalancerPolicy.RoundRobin, Destinations(a, b), CancellationToken.None);
        using var http = Client();

        var answers = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await http.GetStringAsync(balancer.EntryUrl));
        }

        // Round robin sends every other request to the dead one: each of those was refused, and retried on a.
        Assert.All(answers, answer => Assert.Equal("a", answer));
        Assert.Equal(10, a.Served);
    }

    [Fact]
    public async Task DeadDestination_RequestWithBody_IsNotRetried()
    {
        await using var a = await NamedBackend.StartAsync("a");
        await using var b = await NamedBackend.StartAsync("b");
        await b.StopAsync();
        await using var balancer = await YarpBalancer.StartAsync(0, BalancerPolicy.RoundRobin, Destinations(a, b), CancellationToken.None);
        using var http = Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await http.PostAsync(balancer.EntryUrl, new StringContent("{\"order\":1}"));
            statuses.Add(response.StatusCode);
        }

        // A body may not be readable twice: round robin's every other request meets the dead replica and fails.
        Assert.Contains(HttpStatusCode.BadGateway, statuses);
        Assert.Contains(HttpStatusCode.OK, statuses);
    }

    internal static BalancerDestination[] Destinations(params NamedBackend[] backends) =>
        backends.Select(b => new BalancerDestination(b.Name, b.Address)).ToArray();

    internal static HttpClient Client(CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { UseProxy = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };

    internal static async Task WaitUntilAsync(Func<bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(10);
        }
    }
}
