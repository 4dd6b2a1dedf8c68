using Yarp.ReverseProxy.LoadBalancing;

namespace ScaleLab.Lab.Balancer;

/// <summary>The command-line names of <see cref="BalancerPolicy"/> and what each is called in YARP and HAProxy.</summary>
public static class BalancerPolicies
{
    /// <summary>The names <c>--policy</c> accepts, in the order the help lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["round-robin", "least-requests", "power-of-two", "sticky"];

    /// <summary>Parses a <c>--policy</c> name.</summary>
    public static bool TryParse(string text, out BalancerPolicy policy)
    {
        var index = Names.ToList().IndexOf(text);
        policy = index >= 0 ? (BalancerPolicy)index : BalancerPolicy.RoundRobin;
        return index >= 0;
    }

    /// <summary>The command-line name of a policy.</summary>
    public static string Name(BalancerPolicy policy) => Names[(int)policy];

    /// <summary>YARP's load-balancing policy; sticky adds cookie session affinity on top of round robin.</summary>
    internal static string YarpName(BalancerPolicy policy) => policy switch
    {
        BalancerPolicy.LeastRequests => LoadBalancingPolicies.LeastRequests,
        BalancerPolicy.PowerOfTwo => LoadBalancingPolicies.PowerOfTwoChoices,
        _ => LoadBalancingPolicies.RoundRobin,
    };

    /// <summary>HAProxy's <c>balance</c> algorithm; sticky adds a dynamic server cookie on top of round robin.</summary>
    internal static string HaproxyName(BalancerPolicy policy) => policy switch
    {
        BalancerPolicy.LeastRequests => "leastconn",
        BalancerPolicy.PowerOfTwo => "random(2)",
        _ => "roundrobin",
    };
}
