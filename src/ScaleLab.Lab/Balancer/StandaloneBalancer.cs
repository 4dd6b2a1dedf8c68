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
        ArgumentNullException.ThrowIfNull(backends);
        var destinations = backends.Select((url, i) => new BalancerDestination($"backend-{i + 1}", url)).ToArray();
        return new StandaloneBalancer(await YarpBalancer.StartAsync(port, policy, destinations, cancellationToken));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _balancer.DisposeAsync();
}
