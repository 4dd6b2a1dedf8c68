using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ScaleLab.Cli.Targets;

/// <summary>
/// The target of <c>scalelab run</c> without a URL: a Kestrel server on 127.0.0.1 in this process that answers
/// <c>GET /</c> with 13 bytes, so a new user sees the tool work at once and can measure the generator itself.
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

    public static async Task<EmbeddedTarget> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/", () => Results.Text("Hello, World!"));
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
