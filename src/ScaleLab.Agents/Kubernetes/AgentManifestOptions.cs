namespace ScaleLab.Agents.Kubernetes;

/// <summary>What <c>scalelab agent manifest</c> prints: how many agents, where, from which image, with which token.</summary>
public sealed record AgentManifestOptions
{
    /// <summary>How many agent pods (<c>--agents N</c>).</summary>
    public required int Agents { get; init; }

    /// <summary>The namespace written into the objects; null leaves it out, for <c>kubectl apply -n</c> or the context's.</summary>
    public string? Namespace { get; init; }

    /// <summary>The agent image; null: <see cref="AgentImage.Default"/>.</summary>
    public string? Image { get; init; }

    /// <summary>The shared token; null: a random one (<see cref="AgentManifest.TokenGenerated"/>).</summary>
    public string? Token { get; init; }

    /// <summary>The agents' control port.</summary>
    public int Port { get; init; } = AgentDefaults.Port;

    /// <summary>The longest the agents may live (the Job's <c>activeDeadlineSeconds</c>).</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Names the objects (<c>scalelab-agent-RUNID</c>); null: 8 random hex characters.</summary>
    public string? RunId { get; init; }

    /// <summary>A one-line reason these options can't be used, or null.</summary>
    public string? Validate()
    {
        var problem = new KubernetesAgentPoolOptions
        {
            Agents = Agents,
            Namespace = Namespace,
            Image = Image,
            Token = Token,
            Port = Port,
            Lifetime = Lifetime,
            RunId = RunId,
        }.Validate();
        // The pool's wording names run's option; the manifest's is --agents.
        return problem?.Replace("--kubernetes: the number of agents", "--agents: the number of agents", StringComparison.Ordinal);
    }
}
