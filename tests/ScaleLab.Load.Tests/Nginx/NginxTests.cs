using ScaleLab.Load.Engine;
using ScaleLab.Load.Http;
using ScaleLab.Load.Requests;
using ScaleLab.Load.Tests.Support;

namespace ScaleLab.Load.Tests.Nginx;

/// <summary>
/// The engine against a real nginx, the server the benchmarks compare with: its framing, its keep-alive limits and
/// its way of closing connections are the ones users will meet.
/// </summary>
public sealed class NginxTests
{
    // Only bounds: -n ends these runs, and the duration is the limit if something hangs.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_ClosedModelAgainstNginx_AnswersEveryRequestWithItsWholeBody()
    {
        await using var nginx = await NginxServer.StartAsync();
        var uri = new Uri(nginx.Uri, "/static/10k.bin");
        var options = LoadOptions.Closed(connections: 4, Bound) with { Requests = 2000 };

        var result = (await new LoadRunner(HttpTargets.Create(uri, options), options).RunAsync()).Result;

        Assert.Equal(2000, result.Requests);
        Assert.Equal(0, result.Errors);
        Assert.Empty(result.ErrorKinds);
        Assert.Equal(2000, result.StatusCodes["200"]);
        Assert.Single(result.StatusCodes);
        Assert.Equal(2000L * NginxServer.StaticFileBytes, result.BytesReceived);
        var log = await nginx.ReadAccessLogAsync(2000);
        Assert.Equal(2000, log.Count);
        // Keep-alive: four users, four connections (nginx's default keepalive_requests of 1000 is not reached).
        Assert.Equal(4, log.Select(e => e.Connection).Distinct().Count());
    }

    [Fact]
    public async Task Run_OpenModelAgainstNginx_SendsEveryArrivalOfTheWindow()
    {
        await using var nginx = await NginxServer.StartAsync();
        var options = LoadOptions.Open(rate: 200, TimeSpan.FromSeconds(2)) with { MaxConnections = 16 };

        var result = (await new LoadRunner(HttpTargets.Create(nginx.Uri, options), options).RunAsync()).Result;

        // 200/s for 2 s is 400 arrivals, each sent with its intended time, however late the generator woke up.
        Assert.InRange(result.Requests, 399, 401);
        Assert.Equal(0, result.Errors);
        Assert.Equal(result.Requests, result.StatusCodes["200"]);
        Assert.Equal(result.Requests * NginxServer.HelloBody.Length, result.BytesReceived);
        Assert.Equal("open", result.Model);
        Assert.Equal(200, result.Rate);
        // Latency from the intended time can only add to the service time, request by request.
        var uncorrected = Assert.IsType<Core.Results.LatencySummary>(result.UncorrectedLatencyMs);
        Assert.True(result.LatencyMs.P50 >= uncorrected.P50, $"p50 {result.LatencyMs.P50} < uncorrected {uncorrected.P50}");
        Assert.True(result.LatencyMs.Max >= uncorrected.Max, $"max {result.LatencyMs.Max} < uncorrected {uncorrected.Max}");
        var log = await nginx.ReadAccessLogAsync((int)result.Requests);
        Assert.Equal((int)result.Requests, log.Count);
        // The most connections open at once: at least every connection nginx saw a request on (none closed, far
        // from keepalive_requests), at most the cap.
        Assert.InRange(result.Connections, log.Select(e => e.Connection).Distinct().Count(), 16);
    }

    [Fact]
    public async Task Run_NginxClosesEveryTenthRequest_ReconnectsWithoutErrors()
    {
        await using var nginx = await NginxServer.StartAsync("keepalive_requests 10;");
        var options = LoadOptions.Closed(connections: 4, Bound) with { Requests = 1000 };

        var result = (await new LoadRunner(HttpTargets.Create(nginx.Uri, options), options).RunAsync()).Result;

        Assert.Equal(1000, result.Requests);
        Assert.Equal(0, result.Errors);
        Assert.Equal(1000, result.StatusCodes["200"]);
        var log = await nginx.ReadAccessLogAsync(1000);
        // nginx answered each request once (no resends were needed: it says Connection: close on the tenth)...
        Assert.Equal(1000, log.Count);
        Assert.All(log, e => Assert.InRange(e.RequestOnConnection, 1, 10));
        // ...on at least a hundred connections, so the client did reconnect.
        Assert.InRange(log.Select(e => e.Connection).Distinct().Count(), 100, 1000);
    }

    [Fact]
    public async Task Run_NginxClosesIdleConnections_ResendsOnNewConnectionsWithoutErrors()
    {
        // Arrivals 50 ms apart on connections nginx closes after 10 ms idle: nearly every request finds its
        // connection closed, sometimes while it is being sent, and must go out again on a new one.
        await using var nginx = await NginxServer.StartAsync("keepalive_timeout 10ms;");
        var options = LoadOptions.Open(rate: 20, TimeSpan.FromSeconds(2)) with { MaxConnections = 4 };

        var result = (await new LoadRunner(HttpTargets.Create(nginx.Uri, options), options).RunAsync()).Result;

        Assert.InRange(result.Requests, 39, 41);
        Assert.Equal(0, result.Errors);
        Assert.Equal(result.Requests, result.StatusCodes["200"]);
        var log = await nginx.ReadAccessLogAsync((int)result.Requests);
        Assert.Equal((int)result.Requests, log.Count);
        Assert.True(log.Select(e => e.Connection).Distinct().Count() > result.Requests / 2, "expected most requests on a new connection");
    }

    [Fact]
    public async Task Run_MixWithMissingPath_CountsNotFoundAsClientErrors()
    {
        await using var nginx = await NginxServer.StartAsync();
        var mix = RequestMix.Create(nginx.Uri,
        [
            new RequestDefinition("hello", 3, "GET", "/", [], null),
            new RequestDefinition("missing", 1, "GET", "/missing", [], null),
        ]);
        var options = LoadOptions.Closed(connections: 2, Bound) with { Requests = 800 };

        var result = (await new LoadRunner(HttpTargets.Create(mix, options), options).RunAsync()).Result;

        Assert.Equal(800, result.Requests);
        Assert.Equal(800, result.StatusCodes["200"] + result.StatusCodes["404"]);
        Assert.Equal(result.StatusCodes["404"], result.Errors);
        Assert.Equal(result.StatusCodes["404"], result.ErrorKinds[ErrorKinds.Http4xx]);
        Assert.Single(result.ErrorKinds);
        // Weights 3:1: about 200 of 800 miss; the margin is wide (the standard deviation is about 12).
        Assert.InRange(result.StatusCodes["404"], 120, 280);
    }
}
