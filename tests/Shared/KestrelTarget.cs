using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace ScaleLab.Tests.Support;

/// <summary>A real Kestrel server on 127.0.0.1:0 with the endpoints a test maps.</summary>
internal sealed class KestrelTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelTarget(WebApplication app)
    {
        _app = app;
        Uri = new Uri(app.Urls.First().TrimEnd('/') + "/");
    }

    public Uri Uri { get; }

    /// <summary>Starts a server on port 0 of <paramref name="address"/> (127.0.0.1 by default).</summary>
    /// <param name="map">The endpoints.</param>
    /// <param name="listen">Changes to the endpoint's options, such as the HTTP protocols it speaks.</param>
    /// <param name="address">The address to bind, such as <see cref="IPAddress.IPv6Loopback"/>.</param>
    public static async Task<KestrelTarget> StartAsync(Action<IEndpointRouteBuilder> map, Action<ListenOptions>? listen = null, IPAddress? address = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address ?? IPAddress.Loopback, 0, options => listen?.Invoke(options)));
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new KestrelTarget(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
