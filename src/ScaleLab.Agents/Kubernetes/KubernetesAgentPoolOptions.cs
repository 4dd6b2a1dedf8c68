using System.Text.RegularExpressions;

namespace ScaleLab.Agents.Kubernetes;

/// <summary>How many agents <see cref="KubernetesAgentPool"/> schedules, where, from which image, and how long it waits for them.</summary>
public sealed partial record KubernetesAgentPoolOptions
{
    /// <summary>The most agents one pool schedules: a bound on what a typo (<c>--kubernetes 1000</c>) can ask of a cluster.</summary>
    public const int MaxAgents = 256;

    /// <summary>How many agent pods (<c>--kubernetes N</c>).</summary>
    public required int Agents { get; init; }

    /// <summary>The namespace; null: the kubeconfig context's, else <c>default</c>.</summary>
    public string? Namespace { get; init; }

    /// <summary>The agent image; null: <see cref="AgentImage.Default"/>.</summary>
    public string? Image { get; init; }

    /// <summary>The kubeconfig context; null: its current context.</summary>
    public string? Context { get; init; }

    /// <summary>The kubeconfig file; null: the first file of <c>$KUBECONFIG</c>, else <c>~/.kube/config</c>.</summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>The shared token the agents require; null: a random one (see <see cref="KubernetesAgentPool.Token"/>).</summary>
    public string? Token { get; init; }

    /// <summary>The agents' control port.</summary>
    public int Port { get; init; } = AgentDefaults.Port;

    /// <summary>How long every pod may take to be ready (scheduled, image pulled, listening).</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The longest the agents may live (the Job's <c>activeDeadlineSeconds</c>): should the coordinator die before
    /// deleting them, the cluster ends them then. Give it the run's length plus a margin.
    /// </summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How often the pods are listed while waiting for them.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one API call may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Names the objects (<c>scalelab-agent-RUNID</c>); null: 8 random hex characters.</summary>
    public string? RunId { get; init; }

    /// <summary>Receives one line per step (objects created, agents ready, objects deleted, what could not be): stderr in the CLI.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The clock of the wait (a fake one in tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>A one-line reason these options can't be used, or null.</summary>
    public string? Validate() => this switch
    {
        { Agents: < 1 or > MaxAgents } => $"--kubernetes: the number of agents must be 1 to {MaxAgents}, not {Agents}",
        { Namespace: { } ns } when !DnsLabel().IsMatch(ns) => $"--namespace: {ns} is not a namespace name (lowercase letters, digits and '-', at most 63)",
        { Image: { } image } when image.Length == 0 || image.Any(char.IsWhiteSpace) => $"--image: '{image}' is not an image reference",
        { Port: < 1 or > 65535 } => $"the agent port must be 1 to 65535, not {Port}",
        { Token: { } token } when token.Length == 0 || token.Any(char.IsWhiteSpace) => "the agent token must not be empty nor hold spaces or line breaks",
        { RunId: { } id } when id.Length > 40 || !DnsLabel().IsMatch(id) => $"the run id {id} must be lowercase letters, digits and '-', at most 40",
        { ReadyTimeout.Ticks: <= 0 } => "the time to wait for agents must be above 0",
        { Lifetime.TotalSeconds: < 1 } => "the agents' lifetime must be at least 1 s",
        { PollInterval.Ticks: <= 0 } or { RequestTimeout.Ticks: <= 0 } => "the poll interval and the request timeout must be above 0",
        _ => null,
    };

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
