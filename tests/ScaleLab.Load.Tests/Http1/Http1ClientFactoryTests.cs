using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Http;
using ScaleLab.Load.Requests;
using ScaleLab.Load.Tests.Support;

namespace ScaleLab.Load.Tests.Http1;

public sealed class Http1ClientFactoryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Run_SeedOne_SendsThePinnedTemplatedPaths()
    {
        var paths = new ConcurrentQueue<string>();
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/items/{id}", (HttpContext context) =>
        {
            paths.Enqueue(context.Request.Path.Value!);
            return "ok";
        }));
        var mix = RequestMix.Create(target.Uri, [new RequestDefinition("item", 1, "GET", "/items/{{randomInt 1 1000000}}", [], null)]);
        var options = LoadOptions.Closed(connections: 1, Bound) with { Requests = 5, Seed = 1 };

        var result = (await new LoadRunner(HttpTargets.Create(mix, options), options).RunAsync()).Result;

        Assert.Equal(0, result.Errors);
        // Pinned: the same in every process, so a run with --seed 1 repeats exactly (a per-process hash did not).
        Assert.Equal(["/items/957771", "/items/549835", "/items/954358", "/items/839401", "/items/722485"], paths);
    }

    [Ipv6Fact]
    public async Task Run_Ipv6LiteralTarget_SendsBracketedHostAndSucceeds()
    {
        var hosts = new ConcurrentQueue<string>();
        await using var target = await KestrelTarget.StartAsync(
            app => app.MapGet("/", (HttpContext context) =>
            {
                hosts.Enqueue(context.Request.Headers.Host.ToString());
                return "ok";
            }),
            address: IPAddress.IPv6Loopback);
        Assert.StartsWith("http://[::1]:", target.Uri.ToString());
        var options = LoadOptions.Closed(connections: 2, Bound) with { Requests = 20 };

        var result = (await new LoadRunner(HttpTargets.Create(target.Uri, options), options).RunAsync()).Result;

        Assert.Equal(0, result.Errors);
        Assert.Equal(20, result.StatusCodes["200"]);
        Assert.All(hosts, host => Assert.Equal($"[::1]:{target.Uri.Port}", host));
    }
}
