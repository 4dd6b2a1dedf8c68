using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ScaleLab.Cli.Targets;

/// <summary>
/// The target of <c>scalelab run</c> without a URL: a Kestrel server on 127.0.0.1 in this process that answers
/// <c>GET /</c> with 13 bytes, so a new user sees the tool work at once and can measure the generator itself.
/// <c>scalelab target</c> serves the same app on an address of the user's choice. <c>GET /stats</c> answers
/// <c>{"requests": N}</c>, the requests answered so far (itself not counted), so a test can hold a generator's count
/// against what the target saw.
/// </summary>
internal sealed class EmbeddedTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedTarget(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    public Uri Uri { get; }

    /// <summary>Starts the target on a free port of 127.0.0.1.</summary>
    public static Task<EmbeddedTarget> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(new IPEndPoint(IPAddress.Loopback, 0), cancellationToken);

    /// <summary>Starts the target on <paramref name="endpoint"/> (port 0: any free port).</summary>
    public static async Task<EmbeddedTarget> StartAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint));
        var app = builder.Build();
        var served = new ServedRequests();
        app.Use(served.CountAsync);
        app.MapGet("/", () => Results.Text("Hello, World!"));
        app.MapGet("/stats", () => Results.Json(new { requests = served.Count }));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Urls.First();
        return new EmbeddedTarget(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
