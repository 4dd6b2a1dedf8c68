using ScaleLab.Lab.Balancer;
using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Experiments.Scaling;

/// <summary>How <c>scale --cmd</c> runs N copies of the user's server behind the lab's balancer.</summary>
public sealed record CmdScaledSystemOptions
{
    /// <summary>The server's command, with <c>{port}</c> where each copy's port goes.</summary>
    public required string Command { get; init; }

    /// <summary>
    /// How to run the lab's YARP balancer in a process of its own: the program first, then the arguments that make
    /// it <c>scalelab lab balancer</c> (the CLI passes its own command). Not used with <see cref="BalancerKind.Haproxy"/>.
    /// </summary>
    public required IReadOnlyList<string> BalancerCommand { get; init; }

    /// <summary>YARP (its own process) or HAProxy.</summary>
    public BalancerKind Balancer { get; init; } = BalancerKind.Yarp;

    /// <summary>How the balancer picks a copy.</summary>
    public BalancerPolicy Policy { get; init; } = BalancerPolicy.RoundRobin;

    /// <summary>The path each copy must answer (any status below 500) before it joins the balancer, and before each step.</summary>
    public string HealthPath { get; init; } = "/";

    /// <summary>How long a copy may take to start and answer its health check.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a copy leaving the balancer may keep requests in flight before it is stopped anyway.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stopped copy may take to exit after SIGTERM before its group gets SIGKILL.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);
}
