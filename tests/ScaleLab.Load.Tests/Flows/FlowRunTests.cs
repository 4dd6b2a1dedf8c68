using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ScaleLab.Core.Results;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Flows;
using ScaleLab.Load.Http;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Tests.Flows;

/// <summary>Flows against a real Kestrel server: sessions, extraction, checks and the recording of their steps.</summary>
public sealed class FlowRunTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Run_EightUsersLoggingIn_EachUserSeesOnlyItsOwnSession()
    {
        var sessions = 0;
        await using var target = await KestrelTarget.StartAsync(app =>
        {
            app.MapPost("/login", (HttpContext context) =>
            {
                var id = Interlocked.Increment(ref sessions).ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.Cookies.Append("sid", id);
                return Results.Json(new { sid = id });
            });
            app.MapGet("/me", (HttpContext context) =>
                context.Request.Cookies.TryGetValue("sid", out var sid) ? Results.Json(new { sid }) : Results.StatusCode(401));
        });
        var flow = new FlowDefinition
        {
            Steps =
            [
                new HttpStep("login", "POST", "/login") { Extract = [new Extraction("sid", ExtractionSource.Json, "$.sid")] },
                new HttpStep("me", "GET", "/me") { Expect = new ResponseExpectation { Status = ["200"], Json = new Dictionary<string, string> { ["$.sid"] = "{{sid}}" } } },
            ],
        };
        var options = LoadOptions.Closed(connections: 8, Bound) with { Requests = 400 };

        var result = (await new LoadRunner(FlowTargets.Create(target.Uri, flow, options), options).RunAsync()).Result;

        Assert.Equal(400, result.Iterations);
        Assert.Equal(800, result.Requests);
        Assert.Equal(0, result.Errors);
        Assert.Equal(new CheckStats(400, 0), result.Checks["me: json $.sid = {{sid}}"]);
        Assert.Equal(new CheckStats(400, 0), result.Checks["login: extract sid"]);
    }

    [Fact]
    public async Task Run_ExtractedValueInNextPath_SendsItAndSessionResetsEachIteration()
    {
        var unknownItems = 0;
        var cookiesBeforeLogin = 0;
        await using var target = await KestrelTarget.StartAsync(app =>
        {
            app.MapGet("/new", (HttpContext context) =>
            {
                if (context.Request.Cookies.Count > 0)
                {
                    Interlocked.Increment(ref cookiesBeforeLogin);
                }

                context.Response.Headers["X-Item"] = "item-42";
                context.Response.Cookies.Append("seen", "1");
                return Results.Text("id=42;");
            });
            app.MapGet("/items/{id}/{tag}", (string id, string tag) =>
            {
                if (id != "42" || tag != "item-42")
                {
                    Interlocked.Increment(ref unknownItems);
                    return Results.NotFound();
                }

                return Results.Ok();
            });
        });
        var flow = new FlowDefinition
        {
            Steps =
            [
                new HttpStep("new", "GET", "/new")
                {
                    Extract = [new Extraction("id", ExtractionSource.Regex, @"id=(\d+)"), new Extraction("tag", ExtractionSource.Header, "X-Item")],
                },
                new HttpStep("item", "GET", "/items/{{id}}/{{tag}}") { Expect = new ResponseExpectation { Status = ["2xx"] } },
            ],
        };
        var options = LoadOptions.Closed(connections: 2, Bound) with { Requests = 100 };

        var result = (await new LoadRunner(FlowTargets.Create(target.Uri, flow, options), options).RunAsync()).Result;

        Assert.Equal(0, unknownItems);
        Assert.Equal(0, cookiesBeforeLogin);
        Assert.Equal(new CheckStats(100, 0), result.Checks["item: status 2xx"]);
        Assert.Equal(100, result.ByName["item"].StatusCodes["200"]);
    }

    [Fact]
    public async Task Run_OkResponseFailingItsCheck_CountsTheCheckNotAnError()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () => Results.Json(new { status = "degraded" })));
        var mix = RequestMix.Create(target.Uri,
        [
            new RequestDefinition("health", 1, "GET", "/", [], null)
            {
                Expect = new ResponseExpectation
                {
                    Status = ["200"],
                    BodyContains = "degraded",
                    Json = new Dictionary<string, string> { ["$.status"] = "ok" },
                },
            },
        ]);
        var options = LoadOptions.Closed(connections: 2, Bound) with { Requests = 200 };

        var result = (await new LoadRunner(HttpTargets.Create(mix, options), options).RunAsync()).Result;

        Assert.Equal(200, result.Requests);
        Assert.Equal(0, result.Errors);
        Assert.Equal(new CheckStats(200, 0), result.Checks["health: status 200"]);
        Assert.Equal(new CheckStats(200, 0), result.Checks["health: body contains \"degraded\""]);
        Assert.Equal(new CheckStats(0, 200), result.Checks["health: json $.status = ok"]);
    }

    [Fact]
    public async Task Run_MixOfThreeNames_ByNameSumsToTheTotals()
    {
        await using var target = await KestrelTarget.StartAsync(app =>
        {
            app.MapGet("/a", () => "a");
            app.MapGet("/b", () => Results.StatusCode(503));
            app.MapGet("/c/{id}", (string id) => id);
        });
        var mix = RequestMix.Create(target.Uri,
        [
            new RequestDefinition("a", 3, "GET", "/a", [], null),
            new RequestDefinition("b", 1, "GET", "/b", [], null),
            new RequestDefinition(RequestName.Default("GET", "/c/{{randomInt 1 9}}"), 2, "GET", "/c/{{randomInt 1 9}}", [], null),
        ]);
        var options = LoadOptions.Closed(connections: 4, Bound) with { Requests = 600 };

        var result = (await new LoadRunner(HttpTargets.Create(mix, options), options).RunAsync()).Result;

        Assert.Equal(["GET /c/{randomInt}", "a", "b"], result.ByName.Keys);
        Assert.Equal(result.Requests, result.ByName.Values.Sum(s => s.Requests));
        Assert.Equal(result.Errors, result.ByName.Values.Sum(s => s.Errors));
        Assert.Equal(result.ByName["b"].Requests, result.ByName["b"].ErrorKinds["http5xx"]);
        Assert.Equal(0, result.ByName["a"].Errors);
        foreach (var (code, count) in result.StatusCodes)
        {
            Assert.Equal(count, result.ByName.Values.Sum(s => s.StatusCodes.GetValueOrDefault(code)));
        }

        // Every name's latencies are in its own histogram: the slowest of them is the slowest overall.
        Assert.Equal(result.LatencyMs.Max, result.ByName.Values.Max(s => s.LatencyMs.Max));
    }

    [Fact]
    public async Task Run_OpenModelWithAStalledFirstStep_LaterArrivalsCountTheirWaitFromTheArrival()
    {
        var calls = 0;
        await using var target = await KestrelTarget.StartAsync(app =>
        {
            // The third call stalls 600 ms; on one connection, the arrivals due meanwhile wait for it.
            app.MapGet("/first", async () =>
            {
                if (Interlocked.Increment(ref calls) == 3)
                {
                    await Task.Delay(600);
                }

                return "first";
            });
            app.MapGet("/second", () => "second");
        });
        var flow = new FlowDefinition
        {
            Steps = [new HttpStep("first", "GET", "/first"), new HttpStep("second", "GET", "/second")],
        };
        var options = LoadOptions.Open(rate: 20, TimeSpan.FromSeconds(2)) with { MaxConnections = 1 };

        var result = (await new LoadRunner(FlowTargets.Create(target.Uri, flow, options), options).RunAsync()).Result;

        // The stalled call itself and the arrivals queued behind it: about 12 arrivals waited, up to 600 ms.
        Assert.True(result.ByName["first"].LatencyMs.Max >= 500, $"first max {result.ByName["first"].LatencyMs.Max} ms");
        Assert.True(result.ByName["first"].LatencyMs.P90 >= 100, $"first p90 {result.ByName["first"].LatencyMs.P90} ms");
        // The second step starts when the first ended: its own latency is its own.
        Assert.True(result.ByName["second"].LatencyMs.P90 < result.ByName["first"].LatencyMs.P90, $"second p90 {result.ByName["second"].LatencyMs.P90} ms");
        Assert.True(result.IterationLatencyMs!.Max >= 500, $"iteration max {result.IterationLatencyMs.Max} ms");
        Assert.Equal(result.Requests, result.ByName["first"].Requests + result.ByName["second"].Requests);
        // An arrival is an iteration: the achieved rate and the backlog count iterations, not their two steps.
        Assert.True(result.RateAchieved <= 20 * 1.2, $"achieved {result.RateAchieved}/s of 20/s");
        Assert.True(result.Backlog >= 0, $"backlog {result.Backlog}");
    }

    [Fact]
    public async Task Run_CodeStepInsideAnHttpFlow_IsMeasuredUnderItsName()
    {
        var published = new ConcurrentQueue<string>();
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/order", () => Results.Json(new { id = 7 })));
        var flow = new FlowDefinition
        {
            Steps =
            [
                new HttpStep("order", "GET", "/order") { Extract = [new Extraction("id", ExtractionSource.Json, "id")] },
                new CodeStep("publish", (context, _) =>
                {
                    published.Enqueue(context["id"]!);
                    return ValueTask.FromResult(OperationResult.Success());
                }),
            ],
        };
        var options = LoadOptions.Closed(connections: 2, Bound) with { Requests = 50 };

        var result = (await new LoadRunner(FlowTargets.Create(target.Uri, flow, options), options).RunAsync()).Result;

        Assert.Equal(50, result.ByName["publish"].Requests);
        Assert.Equal(50, published.Count);
        Assert.All(published, id => Assert.Equal("7", id));
    }

    [Fact]
    public async Task Run_FlowOverHttp2_KeepsEachUsersCookiesAndExtractsAsOverHttp11()
    {
        await using var target = await KestrelTarget.StartAsync(
            app =>
            {
                app.MapPost("/login", (HttpContext context) =>
                {
                    var id = Guid.NewGuid().ToString("N");
                    context.Response.Cookies.Append("sid", id);
                    return Results.Json(new { sid = id, protocol = context.Request.Protocol });
                });
                app.MapGet("/me", (HttpContext context) =>
                    context.Request.Cookies.TryGetValue("sid", out var sid) ? Results.Json(new { sid, protocol = context.Request.Protocol }) : Results.StatusCode(401));
            },
            listen: options => options.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2);
        var flow = new FlowDefinition
        {
            Steps =
            [
                new HttpStep("login", "POST", "/login") { Extract = [new Extraction("sid", ExtractionSource.Json, "$.sid")] },
                new HttpStep("me", "GET", "/me")
                {
                    Expect = new ResponseExpectation { Status = ["200"], Json = new Dictionary<string, string> { ["$.sid"] = "{{sid}}", ["$.protocol"] = "HTTP/2" } },
                },
            ],
        };
        var options = LoadOptions.Closed(connections: 4, Bound) with { Requests = 100 };

        var result = (await new LoadRunner(FlowTargets.Create(target.Uri, flow, options, http2: true), options).RunAsync()).Result;

        Assert.Equal(100, result.Iterations);
        Assert.Equal(0, result.Errors);
        Assert.Equal(new CheckStats(100, 0), result.Checks["me: json $.sid = {{sid}}"]);
        Assert.Equal(new CheckStats(100, 0), result.Checks["me: json $.protocol = HTTP/2"]);
    }

    [Theory]
    [InlineData(FlowDataOrder.Sequential, FlowDataScope.Iteration)]
    [InlineData(FlowDataOrder.Unique, FlowDataScope.Iteration)]
    [InlineData(FlowDataOrder.Random, FlowDataScope.User)]
    public async Task Run_DataRows_AreTakenInTheAskedOrder(FlowDataOrder order, FlowDataScope per)
    {
        var seen = new ConcurrentQueue<(string User, string Connection)>();
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/users/{name}", (string name, HttpContext context) =>
        {
            seen.Enqueue((name, context.Connection.Id));
            return "ok";
        }));
        var data = new FlowData(["name"], [["ann"], ["bob"], ["cid"]]) { Order = order, Per = per };
        var flow = new FlowDefinition { Steps = [new HttpStep("user", "GET", "/users/{{name}}")], Data = data };
        var options = LoadOptions.Closed(connections: 1, TimeSpan.FromSeconds(5)) with { Requests = 9, Seed = 3 };

        var result = (await new LoadRunner(FlowTargets.Create(target.Uri, flow, options), options).RunAsync()).Result;

        var names = seen.Select(s => s.User).ToList();
        switch (order)
        {
            case FlowDataOrder.Sequential:
                Assert.Equal(["ann", "bob", "cid", "ann", "bob", "cid", "ann", "bob", "cid"], names);
                break;
            case FlowDataOrder.Unique:
                // Each row once; then the window closes, with a warning saying why.
                Assert.Equal(["ann", "bob", "cid"], names);
                Assert.Contains(result.Warnings, w => w.Contains("rows were all used", StringComparison.Ordinal));
                break;
            default:
                // One row per user: the single user keeps the one it drew.
                Assert.Equal(9, names.Count);
                Assert.Single(names.Distinct());
                break;
        }
    }
}
