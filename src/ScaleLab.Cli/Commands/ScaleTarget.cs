namespace ScaleLab.Cli.Commands;

/// <summary>What <c>scale</c> was asked to scale, as parsed and checked: the lab, a command, or a Kubernetes Deployment.</summary>
internal abstract record ScaleTarget
{
    public abstract string Description { get; }

    /// <summary><c>--lab SCENARIO</c> and the lab's options as <c>lab up</c> takes them.</summary>
    public sealed record LabTarget(string Scenario, IReadOnlyList<string> Arguments) : ScaleTarget
    {
        public override string Description => $"lab {Scenario}";
    }

    /// <summary><c>--cmd "SERVER … {port} …"</c> behind <c>--balancer</c>.</summary>
    public sealed record CommandTarget(string Command, string Balancer, Lab.Balancer.BalancerPolicy Policy) : ScaleTarget
    {
        public override string Description => Command;
    }

    /// <summary><c>--url URL --kubernetes deployment/NAME</c>.</summary>
    public sealed record KubernetesTarget(Uri Url, string Deployment, string? Namespace, string? Context) : ScaleTarget
    {
        public override string Description => $"deployment/{Deployment}";
    }
}
