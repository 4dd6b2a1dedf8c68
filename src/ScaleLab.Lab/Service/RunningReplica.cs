using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Scenarios;
using StackExchange.Redis;

namespace ScaleLab.Lab.Service;

/// <summary>A started replica: its address, and the drain that stops it.</summary>
internal sealed class RunningReplica : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ShardSet _shards;
    private readonly ConnectionMultiplexer _store;
    private int _stopped;

    public RunningReplica(WebApplication app, ShardSet shards, ConnectionMultiplexer store)
    {
        _app = app;
        _shards = shards;
        _store = store;
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the server reported no address");
        BaseAddress = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)).GetLeftPart(UriPartial.Authority);
    }

    /// <summary>http://127.0.0.1:PORT, without a trailing slash.</summary>
    public string BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Fires when the host is asked to stop from inside (e.g. the console lifetime saw SIGTERM).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>
    /// Drains: /healthz turns 503, the listener closes, in-flight requests get up to
    /// <see cref="ReplicaOptions.DrainTimeout"/> to finish, pending broadcast rebuilds too; then everything is released.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        _app.Services.GetRequiredService<ReplicaState>().MarkDraining();
        using var deadline = new CancellationTokenSource(ReplicaOptions.DrainTimeout);
        await _app.StopAsync(deadline.Token);
        await _app.Services.GetRequiredService<WriteBroadcast>().StopAsync(deadline.Token);
        await _app.DisposeAsync();
        await _store.DisposeAsync();
        await _shards.DisposeAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
