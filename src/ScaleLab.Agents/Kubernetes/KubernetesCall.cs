using System.Net;
using k8s.Autorest;
using k8s.Exceptions;

namespace ScaleLab.Agents.Kubernetes;

/// <summary>One API call of the agent pool, its failures turned into one line that names the call and the RBAC rule it needs.</summary>
internal static class KubernetesCall
{
    public static async Task<T> RunAsync<T>(string verb, string resource, string ns, string server, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException ex)
        {
            var status = ex.Response?.StatusCode;
            throw new KubernetesAgentException(status switch
            {
                HttpStatusCode.Forbidden => $"--kubernetes: forbidden to {verb} {resource} in namespace {ns}: the kubeconfig's user needs RBAC verb {verb} on {resource} (docs/agents-kubernetes.md has the Role)",
                HttpStatusCode.Unauthorized => $"--kubernetes: the cluster at {server} refused the kubeconfig's credentials (401)",
                HttpStatusCode.NotFound when verb == "create" => $"--kubernetes: cannot {verb} {resource}: namespace {ns} not found ({server})",
                HttpStatusCode.Conflict => $"--kubernetes: cannot {verb} {resource}: it already exists in namespace {ns} (a run id used twice?)",
                _ => $"--kubernetes: {verb} {resource} failed with {(int?)status} {OneLine(ex.Response?.Content ?? ex.Message)}",
            }, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or KubernetesClientException || (ex is TaskCanceledException && ex.InnerException is TimeoutException))
        {
            throw new KubernetesAgentException($"--kubernetes: cannot reach the cluster at {server}: {OneLine(ex.Message)}", ex);
        }
    }

    /// <summary>True when the call failed because the object is not there (already deleted: nothing to clean up).</summary>
    public static bool IsNotFound(Exception ex) => ex is KubernetesAgentException { InnerException: HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound } };

    public static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
