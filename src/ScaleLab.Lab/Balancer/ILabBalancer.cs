namespace ScaleLab.Lab.Balancer;

/// <summary>
/// The lab's entry point: spreads requests over the replicas it is given, and takes one out of service without
/// failing a request: <see cref="SetDestinationsAsync"/> without it (no new request goes there), then
/// <see cref="DrainAsync"/> until the requests it was already serving are done.
/// </summary>
internal interface ILabBalancer : IAsyncDisposable
{
    /// <summary>"yarp" or "haproxy".</summary>
    string Kind { get; }

    int Port { get; }

    /// <summary>The process that balances (the supervisor itself for YARP).</summary>
    int Pid { get; }

    Uri EntryUrl { get; }

    /// <summary>Completes with an exit code if the balancer's own process ends (never for one in the supervisor's process).</summary>
    Task<int> Exited { get; }

    /// <summary>Replaces the set of replicas, live: requests in flight are not touched.</summary>
    Task SetDestinationsAsync(IReadOnlyList<BalancerDestination> destinations, CancellationToken cancellationToken);

    /// <summary>Waits until a destination removed by <see cref="SetDestinationsAsync"/> has no request in flight through the balancer (or the timeout).</summary>
    Task<bool> DrainAsync(string destinationId, TimeSpan timeout, CancellationToken cancellationToken);
}
