using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ScaleLab.Lab.Processes;

namespace ScaleLab.Lab.Demo;

/// <summary>
/// A small reference target for <c>scalelab diagnose</c> (<c>scalelab demo</c>): one Kestrel server on 127.0.0.1 with
/// one known bottleneck per endpoint, so that each kind of verdict can be reproduced.
/// </summary>
public sealed class DemoServer : IAsyncDisposable
{
    /// <summary>The port the documentation's examples use.</summary>
    public const int DefaultPort = 5055;

    private readonly WebApplication _app;

    private DemoServer(WebApplication app, Uri url, IReadOnlyList<IDemoEndpoint> endpoints)
    {
        _app = app;
        Url = url;
        Endpoints = endpoints;
    }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:5055/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The endpoints, in the order they are printed.</summary>
    public IReadOnlyList<IDemoEndpoint> Endpoints { get; }

    /// <summary>Starts on 127.0.0.1:<paramref name="port"/> (0: a free port); throws <see cref="IOException"/> when the port is taken.</summary>
    public static async Task<DemoServer> StartAsync(int port, CancellationToken cancellationToken)
    {
        IReadOnlyList<IDemoEndpoint> endpoints = [new SlowEndpoint(), new LockEndpoint(), new CoherentEndpoint(), new CpuEndpoint(), new WaitEndpoint()];
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // The command stops it on Ctrl-C or SIGTERM; the console lifetime would stop it behind the command's back.
        builder.Services.AddSingleton<IHostLifetime, DetachedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        foreach (var endpoint in endpoints)
        {
            app.MapGet(endpoint.Path, async (CancellationToken aborted) => Results.Text(await endpoint.HandleAsync(aborted)));
        }

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DemoServer(app, new Uri($"http://127.0.0.1:{new Uri(address).Port}/"), endpoints);
    }

    /// <summary>Stops the server, letting requests in flight finish for a moment.</summary>
    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(grace.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
