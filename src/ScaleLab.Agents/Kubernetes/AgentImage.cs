using System.Reflection;

namespace ScaleLab.Agents.Kubernetes;

/// <summary>The container image agent pods run unless told otherwise: the one deploy/agent/Dockerfile builds.</summary>
public static class AgentImage
{
    /// <summary>The image's repository, without a tag.</summary>
    public const string Repository = "ghcr.io/scalelab/scalelab-agent";

    /// <summary>
    /// <c>ghcr.io/scalelab/scalelab-agent:VERSION</c>, VERSION this build's: an agent must speak the coordinator's
    /// protocol and carry the same engine, so the tag follows the CLI's version rather than <c>latest</c>.
    /// </summary>
    public static string Default { get; } = $"{Repository}:{Version()}";

    private static string Version()
    {
        var informational = typeof(AgentImage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // "0.1.0+abc123": the source revision after '+' is no part of a tag (and '+' is not allowed in one).
        var version = informational?.Split('+')[0];
        return string.IsNullOrEmpty(version) ? "latest" : version;
    }
}
