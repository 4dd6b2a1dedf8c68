using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Http;
using ScaleLab.Load.Requests;
using ScaleLab.Load.Tests.Support;

namespace ScaleLab.Load.Tests.Http;

public sealed class HttpClientLoadClientFactoryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Run_Http2AgainstH2cOnlyServer_SendsHttp2AndSucceeds()
    {
        var protocols = new ConcurrentQueue<string>();
        await using var target = await KestrelTarget.StartAsync(
            app => app.MapPost("/orders", (HttpContext context) =>
            {
                protocols.Enqueue(context.Request.Protocol);
                return "ok";
            }),
            listen: options => options.Protocols = HttpProtocols.Http2);
        var mix = RequestMix.Single(new Uri(target.Uri, "/orders"), "POST", [new("Content-Type", "application/json")], "{\"n\": {{sequence}}}");
        var options = LoadOptions.Closed(connections: 2, Bound) with { Requests = 50 };

        var result = (await new LoadRunner(HttpTargets.Create(mix, options, http2: true), options).RunAsync()).Result;

        var kinds = string.Join(", ", result.ErrorKinds.Select(k => $"{k.Key}: {k.Value}"));
        Assert.True(result.Errors == 0, $"errors: {kinds}");
        Assert.Equal(50, result.StatusCodes["200"]);
        Assert.Equal(50, protocols.Count);
        Assert.All(protocols, protocol => Assert.Equal("HTTP/2", protocol));
    }

    [Fact]
    public async Task Run_Http2MixWithChecks_CountsByNameAndChecksAsOverHttp11()
    {
        await using var target = await KestrelTarget.StartAsync(
            app =>
            {
                app.MapGet("/user", (HttpContext context) =>
                {
                    context.Response.Headers["X-Shard"] = "2";
                    return Results.Json(new { user = new { id = 42 } });
                });
                app.MapGet("/gone", () => Results.StatusCode(410));
            },
            listen: options => options.Protocols = HttpProtocols.Http2);
        var mix = RequestMix.Create(target.Uri,
        [
            new RequestDefinition("user", 3, "GET", "/user", [], null)
            {
                Expect = new ResponseExpectation
                {
                    Status = ["2xx"],
                    Json = new Dictionary<string, string> { ["user.id"] = "42", ["$.user.name"] = "ann" },
                    Header = new Dictionary<string, string> { ["X-Shard"] = "^[0-9]+$" },
                },
            },
            new RequestDefinition("gone", 1, "GET", "/gone", [], null) { Expect = new ResponseExpectation { Status = ["410"] } },
        ]);
        var options = LoadOptions.Closed(connections: 2, Bound) with { Requests = 100 };

        var result = (await new LoadRunner(HttpTargets.Create(mix, options, http2: true), options).RunAsync()).Result;

        var user = result.ByName["user"].Requests;
        Assert.Equal(100, user + result.ByName["gone"].Requests);
        Assert.Equal(result.ByName["gone"].Requests, result.Errors);
        Assert.Equal(new Core.Results.CheckStats(user, 0), result.Checks["user: status 2xx"]);
        Assert.Equal(new Core.Results.CheckStats(user, 0), result.Checks["user: json user.id = 42"]);
        Assert.Equal(new Core.Results.CheckStats(0, user), result.Checks["user: json $.user.name = ann"]);
        Assert.Equal(new Core.Results.CheckStats(user, 0), result.Checks["user: header X-Shard ~ ^[0-9]+$"]);
        // A 410 is an error (http4xx) and, as expected here, a passed check: the two are counted apart.
        Assert.Equal(new Core.Results.CheckStats(result.ByName["gone"].Requests, 0), result.Checks["gone: status 410"]);
    }

    [Fact]
    public async Task Run_Http2AgainstHttp11OnlyServer_CountsEveryRequestAsAnError()
    {
        var served = 0;
        await using var target = await KestrelTarget.StartAsync(
            app => app.MapGet("/", () =>
            {
                Interlocked.Increment(ref served);
                return "ok";
            }),
            listen: options => options.Protocols = HttpProtocols.Http1);
        var options = LoadOptions.Closed(connections: 2, Bound) with { Requests = 10, Timeout = TimeSpan.FromSeconds(5) };

        var result = (await new LoadRunner(HttpTargets.Create(RequestMix.Single(target.Uri), options, http2: true), options).RunAsync()).Result;

        // No silent fall back to HTTP/1.1: the server never served a request, and each one is an error.
        Assert.Equal(10, result.Requests);
        Assert.Equal(10, result.Errors);
        Assert.Empty(result.StatusCodes);
        Assert.Equal(0, served);
    }

    [Fact]
    public async Task Execute_StatusBeyond599_CountsMalformedNot5xx()
    {
        // The handler's HTTP/1.1 path (what https:// uses), in the clear so that a hand-made server can answer 999.
        await using var server = HostileServer.Start(HostileMode.StatusOutOfRange);
        using var factory = new HttpClientLoadClientFactory(RequestMix.Single(server.Uri), http2: false, insecure: false, connections: 1, Bound, seed: 1);
        await factory.ProbeAsync(Bound, CancellationToken.None);
        await using var client = factory.CreateClient(0, CancellationToken.None);

        var result = await client.ExecuteAsync();

        Assert.Equal(OperationResult.Failure(ErrorKinds.Malformed), result);
    }
}
