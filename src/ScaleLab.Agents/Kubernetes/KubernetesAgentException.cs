namespace ScaleLab.Agents.Kubernetes;

/// <summary>
/// Agents could not be scheduled, or did not become ready: no kubeconfig, a call refused (with the RBAC rule it
/// needs), a pod that failed (with its reason), or the wait timed out. The message is one line for the user.
/// </summary>
public sealed class KubernetesAgentException : Exception
{
    /// <summary>A failure with its one-line message.</summary>
    public KubernetesAgentException(string message)
        : base(message)
    {
    }

    /// <summary>A failure with its one-line message and the exception behind it.</summary>
    public KubernetesAgentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
