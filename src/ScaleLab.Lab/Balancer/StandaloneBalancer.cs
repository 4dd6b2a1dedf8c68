namespace ScaleLab.Lab.Balancer;

/// <summary>The lab's YARP balancer on its own, in front of backends given by URL (bench/balancer.sh measures it this way).</summary>
public sealed class StandaloneBalancer : IAsyncDisposable
{
    private readonly YarpBalancer _balancer;

    private StandaloneBalancer(YarpBalancer balancer) => _balancer = balancer;

    /// <summary>Where it listens.</summary>
    public Uri EntryUrl => _balancer.EntryUrl;

    /// <summary>Starts on 127.0.0.1:<paramref name="port"/> (0: a free port).</summary>
    public static async Task<StandaloneBalancer> StartAsync(int port, BalancerPolicy policy, IReadOnlyList<Uri> backends, CancellationToken cancellationToken)
    {
        return new StandaloneBalancer(await YarpBalancer.StartAsync(port, policy, Destinations(backends), cancellationToken));
    }

    /// <summary>Replaces the backends, live: requests in flight are not touched (a backend is known by its host and port).</summary>
    public Task SetBackendsAsync(IReadOnlyList<Uri> backends, CancellationToken cancellationToken) =>
        _balancer.SetDestinationsAsync(Destinations(backends), cancellationToken);

    /// <summary>Waits until a backend removed by <see cref="SetBackendsAsync"/> has no request in flight; false after <paramref name="timeout"/>.</summary>
    public Task<bool> DrainAsync(Uri backend, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return _balancer.DrainAsync(backend.Authority, timeout, cancellationToken);
    }

    private static BalancerDestination[] Destinations(IReadOnlyList<Uri> backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        return backends.Select(url => new BalancerDestination(url.Authority, url)).ToArray();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _balancer.DisposeAsync();
}
