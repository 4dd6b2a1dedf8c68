namespace ScaleLab.Lab.Balancer;

/// <summary>How the balancer picks a replica for a request (<c>--policy</c>).</summary>
public enum BalancerPolicy
{
    /// <summary>Each replica in turn (<c>round-robin</c>).</summary>
    RoundRobin,

    /// <summary>The replica with the fewest requests in flight (<c>least-requests</c>).</summary>
    LeastRequests,

    /// <summary>Two replicas at random, the less busy of the two (<c>power-of-two</c>): nearly least-requests, without a global scan.</summary>
    PowerOfTwo,

    /// <summary>Round robin for a client's first request, then always the same replica, by cookie (<c>sticky</c>).</summary>
    Sticky,
}
