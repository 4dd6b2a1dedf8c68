using k8s;
using k8s.Exceptions;

namespace ScaleLab.Agents.Kubernetes;

/// <summary>The user's kubeconfig, found as kubectl finds it, turned into a client configuration or one line saying why not.</summary>
internal static class KubeconfigFile
{
    /// <exception cref="KubernetesAgentException">No kubeconfig, or it cannot be used (no such context, malformed).</exception>
    public static KubernetesClientConfiguration Load(string? path, string? context)
    {
        path ??= DefaultPath() ?? throw new KubernetesAgentException("--kubernetes: no kubeconfig ($KUBECONFIG is not set and ~/.kube/config does not exist)");
        if (!File.Exists(path))
        {
            throw new KubernetesAgentException($"--kubernetes: the kubeconfig {path} does not exist");
        }

        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, context);
        }
        catch (Exception ex) when (ex is KubeConfigException or IOException or FormatException or ArgumentException or YamlDotNet.Core.YamlException)
        {
            throw new KubernetesAgentException(
                $"--kubernetes: cannot use the kubeconfig {path}{(context is null ? "" : $" (context {context})")}: {KubernetesCall.OneLine(ex.Message)}", ex);
        }
    }

    private static string? DefaultPath()
    {
        if (Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } list)
        {
            // kubectl merges every file of the list; the first that exists is what this client reads.
            return list.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(File.Exists) ?? list.Split(':')[0];
        }

        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        return File.Exists(home) ? home : null;
    }
}
