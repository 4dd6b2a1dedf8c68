using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace ScaleLab.Agents.Agent;

/// <summary>
/// A load agent (<c>scalelab agent</c>): a Kestrel server with the control API, holding one run at a time and
/// stopping it when its coordinator stops renewing the lease.
/// </summary>
public sealed class AgentHost : IAsyncDisposable
{
    /// <summary>How often leases are checked: a lapsed one is noticed within this of its end.</summary>
    private static readonly TimeSpan LeaseScan = TimeSpan.FromMilliseconds(250);

    private readonly WebApplication _app;
    private readonly AgentState _state;
    private readonly ITimer _leaseTimer;

    private AgentHost(WebApplication app, AgentState state, int port)
    {
        _app = app;
        _state = state;
        Port = port;
        _leaseTimer = state.Time.CreateTimer(_ => _ = state.ExpireLeaseAsync(), null, LeaseScan, LeaseScan);
    }

    /// <summary>The port the agent listens on (the real one when 0 was asked).</summary>
    public int Port { get; }

    /// <summary>Starts an agent on <paramref name="address"/>:<paramref name="port"/> (0: any free port).</summary>
    /// <param name="address">The address to listen on.</param>
    /// <param name="port">The port, 0 for any.</param>
    /// <param name="token">The token every request must carry (<c>Authorization: Bearer TOKEN</c>).</param>
    /// <param name="time">The clock (a fake one in tests).</param>
    public static async Task<AgentHost> StartAsync(IPAddress address, int port, string token, TimeProvider? time = null)
    {
        var bearer = new BearerToken(token);
        var state = new AgentState(time ?? TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        app.MapAgentApi(state, bearer);
        await app.StartAsync().ConfigureAwait(false);
        // Kestrel reports the port it bound (the real one for port 0); the host part may be a wildcard.
        var bound = app.Urls.First();
        return new AgentHost(app, state, int.Parse(bound[(bound.LastIndexOf(':') + 1)..].TrimEnd('/'), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Stops the run held (graceful: it ends and is freed), then the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _leaseTimer.DisposeAsync().ConfigureAwait(false);
        await _state.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
