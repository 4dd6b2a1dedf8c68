namespace ScaleLab.Experiments.Scaling;

/// <summary>How <c>scale --url URL --kubernetes deployment/NAME</c> reaches the cluster and the Deployment it resizes.</summary>
public sealed record KubernetesScaledSystemOptions
{
    /// <summary>Where the load goes (the Deployment's Service or Ingress, as the user reaches it).</summary>
    public required Uri Url { get; init; }

    /// <summary><c>deployment/NAME</c> (also <c>deploy/NAME</c>, <c>deployments/NAME</c>, or the bare name).</summary>
    public required string Deployment { get; init; }

    /// <summary>The namespace; null: the context's, else <c>default</c>.</summary>
    public string? Namespace { get; init; }

    /// <summary>The kubeconfig context; null: its current context.</summary>
    public string? Context { get; init; }

    /// <summary>The kubeconfig file; null: the first file of <c>$KUBECONFIG</c>, else <c>~/.kube/config</c>.</summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>The container whose CPU and memory limits <c>--cpus</c> and <c>--memory</c> set; null: the pod template's first.</summary>
    public string? Container { get; init; }

    /// <summary>How long a resize may take to roll out (every replica updated, ready and available).</summary>
    public TimeSpan RolloutTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the Deployment's status is read while waiting.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one API call may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
