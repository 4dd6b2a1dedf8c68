using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
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

    public static async Task<KestrelTarget> StartAsync(Action<IEndpointRouteBuilder> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
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
