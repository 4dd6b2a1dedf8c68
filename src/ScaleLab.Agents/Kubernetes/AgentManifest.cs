using System.Text;
using k8s;

namespace ScaleLab.Agents.Kubernetes;

/// <summary>
/// The objects <see cref="KubernetesAgentPool"/> creates, as YAML for <c>kubectl apply -f -</c> (<c>scalelab agent
/// manifest</c>): the Secret with the token, then the Indexed Job, as two documents.
/// </summary>
/// <param name="Yaml">The multi-document YAML.</param>
/// <param name="JobName">The Job's name, <c>scalelab-agent-RUNID</c>.</param>
/// <param name="SecretName">The Secret's name, <c>scalelab-agent-RUNID-token</c>.</param>
/// <param name="LabelSelector">Selects the agents' pods, for <c>kubectl get pods -l</c>.</param>
/// <param name="Token">The token in the Secret.</param>
/// <param name="TokenGenerated">True when the token was generated rather than given.</param>
public sealed record AgentManifest(string Yaml, string JobName, string SecretName, string LabelSelector, string Token, bool TokenGenerated)
{
    /// <summary>The manifest for <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options are not valid (<see cref="AgentManifestOptions.Validate"/>).</exception>
    public static AgentManifest Create(AgentManifestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var job = new AgentJob(
            options.RunId ?? GeneratedToken.RunId(),
            options.Namespace,
            options.Agents,
            options.Image ?? AgentImage.Default,
            options.Port,
            options.Token ?? GeneratedToken.Create(),
            options.Lifetime);
        var yaml = new StringBuilder()
            .Append(KubernetesYaml.Serialize(job.Secret()).TrimEnd()).Append('\n')
            .Append("---\n")
            .Append(KubernetesYaml.Serialize(job.Job()).TrimEnd()).Append('\n')
            .ToString();
        return new AgentManifest(yaml, job.JobName, job.SecretName, job.LabelSelector, job.Token, options.Token is null);
    }
}
