using System.Diagnostics;
using System.Net;
using ScaleLab.Lab.Demo;

namespace ScaleLab.Lab.Tests.Demo;

public sealed class DemoServerTests
{
    [Fact]
    public async Task StartAsync_EveryEndpoint_AnswersOk()
    {
        await using var server = await DemoServer.StartAsync(0, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };

        Assert.Equal(["/slow", "/lock", "/coherent", "/cpu", "/wait"], server.Endpoints.Select(e => e.Path));
        foreach (var endpoint in server.Endpoints)
        {
            using var response = await client.GetAsync(endpoint.Path.TrimStart('/'));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Slow_OneRequest_TakesAtLeast300Ms()
    {
        await using var server = await DemoServer.StartAsync(0, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        await client.GetStringAsync("wait");

        var started = Stopwatch.GetTimestamp();
        await client.GetStringAsync("slow");

        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(290), $"took {Stopwatch.GetElapsedTime(started)}");
    }

    [Fact]
    public async Task Lock_ConcurrentRequests_AreServedOneAtATime()
    {
        await using var server = await DemoServer.StartAsync(0, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        await client.GetStringAsync("wait");

        // 20 at once behind one lock around 5 ms each: at least 100 ms in all, where 20 parallel waits would take 5.
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetStringAsync("lock")));

        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(95), $"took {Stopwatch.GetElapsedTime(started)}");
    }

    [Fact]
    public async Task StartAsync_PortTaken_ThrowsIOException()
    {
        await using var first = await DemoServer.StartAsync(0, CancellationToken.None);

        await Assert.ThrowsAnyAsync<IOException>(() => DemoServer.StartAsync(first.Url.Port, CancellationToken.None));
    }
}
