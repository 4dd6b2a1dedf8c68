using System.Globalization;
using System.Net;
using k8s.Models;

namespace ScaleLab.Agents.Kubernetes;

/// <summary>Where one agent pod stands: ready at an address, failed for a reason, or still on its way (and why).</summary>
internal sealed record AgentPodState(string Name, int Index, string? Address, string? Failure, string Waiting)
{
    /// <summary>
    /// Container waiting reasons that do not clear by themselves: with <c>restartPolicy: Never</c> and
    /// <c>backoffLimit: 0</c>, waiting out the timeout would only delay the same message. ErrImagePull is left out:
    /// a registry's hiccup gives it once, and a lasting failure turns into ImagePullBackOff seconds later.
    /// </summary>
    private static readonly HashSet<string> Fatal = new(StringComparer.Ordinal)
    {
        "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "CreateContainerConfigError", "CreateContainerError",
        "CrashLoopBackOff", "RunContainerError",
    };

    public bool IsReady => Address is not null;

    public static AgentPodState Of(V1Pod pod, int port)
    {
        var name = pod.Metadata?.Name ?? "?";
        var index = IndexOf(pod);
        var status = pod.Status;
        var container = status?.ContainerStatuses?.FirstOrDefault();
        if (pod.Metadata?.DeletionTimestamp is not null)
        {
            return new(name, index, null, "deleted while starting", "");
        }

        if (status?.Phase is "Failed" or "Succeeded")
        {
            var terminated = container?.State?.Terminated;
            var why = terminated is null
                ? Join(status.Reason, status.Message) ?? status.Phase.ToLowerInvariant()
                : Join(terminated.Reason, string.Create(CultureInfo.InvariantCulture, $"exit code {terminated.ExitCode}"), terminated.Message);
            return new(name, index, null, why, "");
        }

        if (container?.State?.Waiting is { Reason: { } reason } waiting && Fatal.Contains(reason))
        {
            return new(name, index, null, Join(reason, waiting.Message), "");
        }

        if (container?.State?.Terminated is { } ended)
        {
            return new(name, index, null, Join(ended.Reason, string.Create(CultureInfo.InvariantCulture, $"exit code {ended.ExitCode}"), ended.Message), "");
        }

        var ready = status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
        if (status?.Phase == "Running" && ready && !string.IsNullOrEmpty(status.PodIP))
        {
            return new(name, index, AddressOf(status.PodIP, port), null, "ready");
        }

        return new(name, index, null, null, Describe(status, container));
    }

    /// <summary>The pod's index in the Indexed Job (its annotation, set on every version that has Indexed Jobs).</summary>
    private static int IndexOf(V1Pod pod) =>
        pod.Metadata?.Annotations is { } annotations
        && annotations.TryGetValue(AgentJob.CompletionIndexAnnotation, out var text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : int.MaxValue;

    private static string AddressOf(string ip, int port) =>
        IPAddress.TryParse(ip, out var parsed) && parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? string.Create(CultureInfo.InvariantCulture, $"[{ip}]:{port}")
            : string.Create(CultureInfo.InvariantCulture, $"{ip}:{port}");

    /// <summary>Why a pod is not ready yet, in the words <c>kubectl describe</c> would use.</summary>
    private static string Describe(V1PodStatus? status, V1ContainerStatus? container)
    {
        if (status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False") is { } unscheduled)
        {
            return Join("not scheduled", unscheduled.Reason, unscheduled.Message)!;
        }

        if (container?.State?.Waiting is { } waiting)
        {
            return Join(waiting.Reason ?? "waiting", waiting.Message)!;
        }

        if (status?.Phase == "Running")
        {
            return string.IsNullOrEmpty(status.PodIP) ? "running, no pod IP yet" : "running, not ready (its port does not accept connections yet)";
        }

        return (status?.Phase ?? "pending").ToLowerInvariant();
    }

    private static string? Join(params string?[] parts)
    {
        var kept = parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.ReplaceLineEndings(" ").Trim()).ToArray();
        return kept.Length == 0 ? null : string.Join(": ", kept);
    }
}
