using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ScaleLab.Lab.Processes;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace ScaleLab.Lab.Balancer;

/// <summary>
/// YARP in the supervisor's process, configured from code (<see cref="InMemoryConfigProvider"/>): one catch-all route
/// to one cluster whose destinations are the live replicas.
/// </summary>
/// <remarks>
/// Tuned for throughput, because the balancer must never be what limits the lab (see bench/balancer.sh): no logging
/// providers, no Server header, no X-Forwarded-* headers (HAProxy adds none either), no distributed-tracing
/// headers (the activity propagator is off, so no per-request Activity is started for the outgoing call), HTTP/1.1
/// to the replicas over a pool of kept-alive connections. Kestrel's inline scheduling
/// (<c>UnsafePreferInlineScheduling</c>) was measured and left off: on one core it cost as much CPU per request and
/// served fewer requests per second, the one I/O thread serialising what the thread pool overlaps (docs/lab.md).
/// </remarks>
internal sealed class YarpBalancer : ILabBalancer
{
    private const string ClusterId = "replicas";

    /// <summary>The cookie that keeps a client on its replica under <see cref="BalancerPolicy.Sticky"/>.</summary>
    public const string AffinityCookie = "scalelab-replica";

    private readonly WebApplication _app;
    private readonly InMemoryConfigProvider _config;
    private readonly IProxyStateLookup _state;
    private readonly BalancerPolicy _policy;
    private readonly Dictionary<string, DestinationState> _removed = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private YarpBalancer(WebApplication app, BalancerPolicy policy, int port)
    {
        _app = app;
        _policy = policy;
        _config = app.Services.GetRequiredService<InMemoryConfigProvider>();
        _state = app.Services.GetRequiredService<IProxyStateLookup>();
        Port = port;
    }

    public string Kind => "yarp";

    public int Port { get; }

    public int Pid => Environment.ProcessId;

    public Uri EntryUrl => new($"http://127.0.0.1:{Port}/");

    public Task<int> Exited { get; } = new TaskCompletionSource<int>().Task;

    /// <summary>Starts on 127.0.0.1:<paramref name="port"/> (0: a free port).</summary>
    public static async Task<YarpBalancer> StartAsync(int port, BalancerPolicy policy, IReadOnlyList<BalancerDestination> destinations, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, DetachedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        // The sticky cookie is protected with Data Protection: keys in memory, none written under $HOME.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddReverseProxy()
            .LoadFromMemory([Route()], [Cluster(policy, destinations)])
            .ConfigureHttpClient((_, handler) =>
            {
                handler.ActivityHeadersPropagator = null;
                // Idle connections to a replica that left are dropped soon; live ones are reused for minutes.
                handler.PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30);
            });

        var app = builder.Build();
        // YARP's own pipeline (affinity, load balancing, passive health), after a retry of refused connections.
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(RefusedConnectionRetry.InvokeAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new YarpBalancer(app, policy, new Uri(address).Port);
    }

    public Task SetDestinationsAsync(IReadOnlyList<BalancerDestination> destinations, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // Keep the state of each destination that leaves: its in-flight counter is what DrainAsync watches.
            if (_state.TryGetCluster(ClusterId, out var cluster))
            {
                var kept = destinations.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
                foreach (var (id, state) in cluster.Destinations)
                {
                    if (!kept.Contains(id))
                    {
                        _removed[id] = state;
                    }
                }
            }

            _config.Update([Route()], [Cluster(_policy, destinations)]);
        }

        return Task.CompletedTask;
    }

    public async Task<bool> DrainAsync(string destinationId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DestinationState? state;
        lock (_lock)
        {
            _removed.Remove(destinationId, out state);
        }

        if (state is null)
        {
            return true;
        }

        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (state.ConcurrentRequestCount > 0)
        {
            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private static RouteConfig Route() => new()
    {
        RouteId = "all",
        ClusterId = ClusterId,
        Match = new RouteMatch { Path = "{**path}" },
        Transforms = [new Dictionary<string, string> { ["X-Forwarded"] = "Off" }],
    };

    private static ClusterConfig Cluster(BalancerPolicy policy, IReadOnlyList<BalancerDestination> destinations) => new()
    {
        ClusterId = ClusterId,
        LoadBalancingPolicy = BalancerPolicies.YarpName(policy),
        SessionAffinity = policy == BalancerPolicy.Sticky
            ? new SessionAffinityConfig { Enabled = true, Policy = "Cookie", FailurePolicy = "Redistribute", AffinityKeyName = AffinityCookie }
            : null,
        HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        },
        Destinations = destinations.ToDictionary(d => d.Id, d => new DestinationConfig { Address = d.Address.ToString() }, StringComparer.Ordinal),
    };
}
