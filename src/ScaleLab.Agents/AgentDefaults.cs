namespace ScaleLab.Agents;

/// <summary>What agents and their coordinator agree on without being told.</summary>
public static class AgentDefaults
{
    /// <summary>The environment variable that holds the shared token when no token file is given.</summary>
    public const string TokenVariable = "SCALELAB_AGENT_TOKEN";

    /// <summary>The port an agent listens on unless told otherwise (and the one its Kubernetes pods expose).</summary>
    public const int Port = 7420;
}
