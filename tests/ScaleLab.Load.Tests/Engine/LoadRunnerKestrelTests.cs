using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Http;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Tests.Engine;

public sealed class LoadRunnerKestrelTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Run_ClosedModelWithRequestCount_SendsExactlyThatManyKeepAliveRequests()
    {
        var served = 0;
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () =>
        {
            Interlocked.Increment(ref served);
            return "hello";
        }));
        var options = LoadOptions.Closed(connections: 4, Bound) with { Requests = 500 };

        var result = (await new LoadRunner(HttpTargets.Create(target.Uri, options), options).RunAsync()).Result;

        Assert.Equal(500, result.Requests);
        Assert.Equal(0, result.Errors);
        Assert.Equal(500, result.StatusCodes["200"]);
        Assert.Equal(500 * 5, result.BytesReceived);
        Assert.InRange(served, 500, 504);
        // Every request took some time, and none longer than the whole run (no warm-up: all began inside it), with
        // 1% and 1 ms for the histogram's buckets and the duration's rounding: milliseconds, of these requests.
        Assert.True(result.LatencyMs.Min > 0, $"min {result.LatencyMs.Min} ms");
        Assert.True(result.LatencyMs.Max <= 1.01 * result.DurationSeconds * 1000 + 1, $"max {result.LatencyMs.Max} ms in a {result.DurationSeconds} s run");
    }

    [Fact]
    public async Task Run_ChunkedAndConnectionCloseResponses_CountsWholeBodies()
    {
        await using var target = await KestrelTarget.StartAsync(app =>
        {
            app.MapGet("/chunked", async (HttpContext context) =>
            {
                // No Content-Length and two flushes: Kestrel sends a chunked body.
                await context.Response.WriteAsync(new string('a', 3000));
                await context.Response.Body.FlushAsync();
                await context.Response.WriteAsync(new string('b', 5000));
            });
            app.MapGet("/close", (HttpContext context) =>
            {
                context.Response.Headers.Connection = "close";
                return "closing";
            });
        });
        var mix = RequestMix.Create(target.Uri,
        [
            new RequestDefinition("chunked", 1, "GET", "/chunked", [], null),
            new RequestDefinition("close", 1, "GET", "/close", [], null),
        ]);
        var options = LoadOptions.Closed(connections: 2, Bound) with { Requests = 200 };

        var result = (await new LoadRunner(HttpTargets.Create(mix, options), options).RunAsync()).Result;

        Assert.Equal(200, result.Requests);
        Assert.Equal(0, result.Errors);
        Assert.Equal(200, result.StatusCodes["200"]);
        // Every response is either 8000 bytes (chunked) or 7 (close): the total says each was read whole.
        Assert.Equal(0, (result.BytesReceived - (7 * 200)) % (8000 - 7));
    }

    [Fact]
    public async Task Run_PostWithTemplatedBody_SendsRenderedBodies()
    {
        var bodies = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using var target = await KestrelTarget.StartAsync(app => app.MapPost("/orders", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            bodies.Add(await reader.ReadToEndAsync());
            return Results.StatusCode(context.Request.Headers["X-Test"] == "yes" ? 201 : 400);
        }));
        var mix = RequestMix.Single(new Uri(target.Uri, "/orders"), "POST", [new("X-Test", "yes")], "{\"id\": {{randomInt 1 9}}, \"n\": {{sequence}}}");
        var options = LoadOptions.Closed(connections: 2, Bound) with { Requests = 50 };

        var result = (await new LoadRunner(HttpTargets.Create(mix, options), options).RunAsync()).Result;

        Assert.Equal(50, result.StatusCodes["201"]);
        Assert.All(bodies, b => Assert.Matches("^\\{\"id\": [1-9], \"n\": \\d+\\}$", b));
        Assert.Equal(bodies.Count, bodies.Distinct().Count());
    }

    [Fact]
    public async Task Run_ServerErrors_CountedByStatusClass()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () => Results.StatusCode(503)));
        var options = LoadOptions.Closed(connections: 2, Bound) with { Requests = 40 };

        var result = (await new LoadRunner(HttpTargets.Create(target.Uri, options), options).RunAsync()).Result;

        Assert.Equal(40, result.Errors);
        Assert.Equal(40, result.ErrorKinds["http5xx"]);
        Assert.Equal(40, result.StatusCodes["503"]);
    }

    [Fact]
    public async Task Run_TargetDown_ThrowsTargetUnreachable()
    {
        var port = FreePort.Get();
        var options = LoadOptions.Closed(connections: 1, TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<TargetUnreachableException>(() =>
            new LoadRunner(HttpTargets.Create(new Uri($"http://127.0.0.1:{port}/"), options), options).RunAsync());

        Assert.Contains("cannot connect", error.Message);
    }

    [Fact]
    public async Task Run_OpenModelAgainstSlowHandler_LatencyFromIntendedTimeCoversServiceTime()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", async () =>
        {
            await Task.Delay(20);
            return "ok";
        }));
        var options = LoadOptions.Open(rate: 100, TimeSpan.FromSeconds(2));

        var result = (await new LoadRunner(HttpTargets.Create(target.Uri, options), options).RunAsync()).Result;

        Assert.Equal("open", result.Model);
        Assert.InRange(result.Requests, 150, 201);
        Assert.True(result.LatencyMs.P50 >= 19, $"p50 {result.LatencyMs.P50}");
        Assert.True(result.LatencyMs.P50 >= result.UncorrectedLatencyMs!.P50);
        Assert.True(result.Connections >= 2, "a 20 ms handler at 100/s needs more than one connection");
    }

    [Fact]
    public async Task Run_OpenModelSlowHandlerFewConnections_EveryArrivalIsARequestOrUnsent()
    {
        // Two connections to a 50 ms handler serve about 40 a second (fewer on a busy machine), against 200 asked.
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", async () =>
        {
            await Task.Delay(50);
            return "slow";
        }));
        var options = LoadOptions.Open(rate: 200, TimeSpan.FromSeconds(2)) with { MaxConnections = 2 };

        var result = (await new LoadRunner(HttpTargets.Create(target.Uri, options), options).RunAsync()).Result;

        // Uniform arrivals due at 0, 5, …, 1995 ms: 400 of them, however late each was sent or if at all.
        Assert.Equal(400, result.Arrived);
        Assert.Equal(result.Arrived, result.Requests + result.Unsent);
        Assert.InRange(result.Unsent!.Value, 200, 400);
        Assert.True(result.Backlog >= result.Unsent, $"backlog {result.Backlog}, unsent {result.Unsent}");
        Assert.True(result.RateAchieved < result.RateAsked / 2, $"achieved {result.RateAchieved} of {result.RateAsked}");
        Assert.True(result.FellBehind);
        // The window lasts -d, however long the backlog: nothing queued was sent into the drain.
        Assert.Equal(2, result.DurationSeconds);
        // Unsent arrivals are in the corrected latency, with at least their wait until the window closed.
        Assert.True(result.LatencyMs.Max >= 1000, $"max {result.LatencyMs.Max} ms");
    }

    [Theory]
    [InlineData(LoadModel.Closed)]
    [InlineData(LoadModel.Open)]
    public async Task Run_TargetNeverAnswers_TimeoutsAreErrorsWithoutLatency(LoadModel model)
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }));
        // Open: two arrivals, each on its own connection, so that none is left unsent to add a lower bound.
        var options = model == LoadModel.Closed
            ? LoadOptions.Closed(connections: 2, TimeSpan.FromSeconds(1)) with { Timeout = TimeSpan.FromMilliseconds(300) }
            : LoadOptions.Open(rate: 2, TimeSpan.FromSeconds(1)) with { Timeout = TimeSpan.FromMilliseconds(300) };

        var result = (await new LoadRunner(HttpTargets.Create(target.Uri, options), options).RunAsync()).Result;

        Assert.True(result.Requests >= 2, $"{result.Requests} requests");
        Assert.Equal(result.Requests, result.Errors);
        Assert.Equal(result.Requests, result.ErrorKinds[ErrorKinds.Timeout]);
        Assert.Equal(LatencySummaryEmpty, result.LatencyMs);
        if (model == LoadModel.Open)
        {
            Assert.Equal(0, result.Unsent);
            Assert.Equal(LatencySummaryEmpty, result.UncorrectedLatencyMs);
        }
    }

    private static readonly Core.Results.LatencySummary LatencySummaryEmpty = Core.Results.LatencySummary.Empty;
}
