using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ScaleLab.Lab.Tests.Balancer;

/// <summary>
/// A real Kestrel backend on 127.0.0.1:0 that answers every path with its own name, after an optional delay; requests
/// to <c>/hold</c> wait until <see cref="Release"/>. It counts what it served and what it is serving.
/// </summary>
internal sealed class NamedBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _served;
    private int _inFlight;

    private NamedBackend(WebApplication app, string name)
    {
        _app = app;
        Name = name;
        Address = new Uri(app.Urls.First().TrimEnd('/') + "/");
    }

    public string Name { get; }

    public Uri Address { get; }

    public int Served => Volatile.Read(ref _served);

    public int InFlight => Volatile.Read(ref _inFlight);

    public static async Task<NamedBackend> StartAsync(string name, TimeSpan delay = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        NamedBackend? backend = null;
        app.Run(async context =>
        {
            Interlocked.Increment(ref backend!._inFlight);
            try
            {
                if (context.Request.Path == "/hold")
                {
                    await backend._release.Task;
                }
                else if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay);
                }

                Interlocked.Increment(ref backend._served);
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync(name);
            }
            finally
            {
                Interlocked.Decrement(ref backend._inFlight);
            }
        });
        await app.StartAsync();
        backend = new NamedBackend(app, name);
        return backend;
    }

    public void Release()
    {
        var released = _release;
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.TrySetResult();
    }

    /// <summary>Stops gracefully: in-flight requests finish, as a draining replica's do.</summary>
    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
