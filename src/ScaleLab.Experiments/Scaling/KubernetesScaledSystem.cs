using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using k8s.Models;

namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// <c>scale --url URL --kubernetes deployment/NAME</c>: a Deployment resized through the Kubernetes API with the
/// user's kubeconfig, measured through the URL the user gives. A resize patches the scale subresource (and, with
/// <c>--cpus</c> or <c>--memory</c>, the container's limits), then waits until the Deployment's status reports every
/// replica of the new generation updated, ready and available, as <c>kubectl rollout status</c> does.
/// </summary>
/// <remarks>
/// The calls, and the RBAC verbs they need (docs/scale-targets.md): <c>deployments/scale</c> get and patch,
/// <c>deployments</c> get and patch, <c>pods</c> list and delete (<c>--kill-one</c> only).
/// </remarks>
public sealed class KubernetesScaledSystem : IScaledSystem
{
    private readonly KubernetesScaledSystemOptions _options;
    private readonly Kubernetes _client;
    private readonly string _name;
    private readonly string _namespace;
    private readonly string _server;
    private (int? Cpus, int? MemoryMb) _limits;
    private int? _originalReplicas;
    private (string Container, string? Cpu, string? Memory)? _originalLimits;
    private bool _resized;

    private KubernetesScaledSystem(KubernetesScaledSystemOptions options, Kubernetes client, string name, string ns, string server)
    {
        _options = options;
        _client = client;
        _name = name;
        _namespace = ns;
        _server = server;
    }

    /// <inheritdoc />
    public string Description => $"deployment/{_name} ({_namespace})";

    /// <inheritdoc />
    public Uri Endpoint => _options.Url;

    /// <summary>Loads the kubeconfig and reads the Deployment once, so that a wrong name, namespace or cluster fails before any load.</summary>
    /// <exception cref="ScaleSetupException">No kubeconfig, no such context, cluster unreachable, Deployment missing, or access forbidden: one line.</exception>
    public static async Task<KubernetesScaledSystem> ConnectAsync(KubernetesScaledSystemOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = DeploymentName(options.Deployment);
        var path = options.KubeconfigPath ?? DefaultKubeconfig()
            ?? throw new ScaleSetupException("--kubernetes: no kubeconfig ($KUBECONFIG is not set and ~/.kube/config does not exist)");
        if (!File.Exists(path))
        {
            throw new ScaleSetupException($"--kubernetes: the kubeconfig {path} does not exist");
        }

        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, options.Context);
        }
        catch (Exception ex) when (ex is KubeConfigException or IOException or FormatException or ArgumentException or YamlDotNet.Core.YamlException)
        {
            throw new ScaleSetupException($"--kubernetes: cannot use the kubeconfig {path}{(options.Context is null ? "" : $" (context {options.Context})")}: {OneLine(ex.Message)}", ex);
        }

        config.HttpClientTimeout = options.RequestTimeout;
        var ns = options.Namespace ?? config.Namespace ?? "default";
        var system = new KubernetesScaledSystem(options, new Kubernetes(config), name, ns, config.Host);
        try
        {
            await system.CallAsync("get", "deployments", () => system._client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: cancellationToken));
            // The size the user had, to give back at the end.
            var scale = await system.CallAsync("get", "deployments/scale", () => system._client.AppsV1.ReadNamespacedDeploymentScaleAsync(name, ns, cancellationToken: cancellationToken));
            system._originalReplicas = scale.Spec?.Replicas;
        }
        catch
        {
            system._client.Dispose();
            throw;
        }

        return system;
    }

    /// <inheritdoc />
    public async Task ResizeAsync(ScaleSize size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(size);
        if ((size.Cpus, size.MemoryMb) != _limits)
        {
            await PatchLimitsAsync(size, cancellationToken);
            _limits = (size.Cpus, size.MemoryMb);
        }

        _resized = true;
        await PatchReplicasAsync(size.Replicas, cancellationToken);
        await WaitForRolloutAsync(size.Replicas, cancellationToken);
    }

    /// <inheritdoc />
    public IReadOnlyList<ScaledProcess> Processes() => [];

    /// <inheritdoc />
    public async Task<string?> KillOneAsync(CancellationToken cancellationToken)
    {
        var deployment = await ReadDeploymentAsync(cancellationToken);
        var labels = deployment.Spec?.Selector?.MatchLabels;
        if (labels is null || labels.Count == 0)
        {
            return null;
        }

        var selector = string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        var pods = await CallAsync("list", "pods", () => _client.CoreV1.ListNamespacedPodAsync(_namespace, labelSelector: selector, cancellationToken: cancellationToken));
        var victim = pods.Items
            .Where(p => p.Metadata?.DeletionTimestamp is null && p.Status?.Phase == "Running")
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (victim is null)
        {
            return null;
        }

        // No grace period: the pod is killed as a crash would kill it, not asked to finish its requests.
        await CallAsync("delete", "pods", () => _client.CoreV1.DeleteNamespacedPodAsync(victim.Metadata.Name, _namespace, gracePeriodSeconds: 0, cancellationToken: cancellationToken));
        return $"pod/{victim.Metadata.Name}";
    }

    /// <inheritdoc />
    public async Task<int> ServingReplicasAsync(CancellationToken cancellationToken) =>
        (await ReadDeploymentAsync(cancellationToken)).Status?.ReadyReplicas ?? 0;

    /// <inheritdoc />
    /// <summary>Gives the Deployment back as it was (its replica count and its container's limits), without waiting for that rollout.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var bounded = new CancellationTokenSource(_options.RequestTimeout);
            if (_originalLimits is { } limits)
            {
                await PatchContainerLimitsAsync(limits.Container, limits.Cpu, limits.Memory, bounded.Token);
            }

            if (_resized && _originalReplicas is { } replicas)
            {
                await PatchReplicasAsync(replicas, bounded.Token);
            }
        }
        catch (Exception ex) when (ex is ScaleSetupException or OperationCanceledException)
        {
            // Best effort at the end of a run: the Deployment stays at the last step's size.
        }
        finally
        {
            _client.Dispose();
        }
    }

    private Task<V1Scale> PatchReplicasAsync(int replicas, CancellationToken cancellationToken)
    {
        var patch = new V1Patch("{\"spec\":{\"replicas\":" + replicas.ToString(CultureInfo.InvariantCulture) + "}}", V1Patch.PatchType.MergePatch);
        return CallAsync("patch", "deployments/scale", () => _client.AppsV1.PatchNamespacedDeploymentScaleAsync(patch, _name, _namespace, cancellationToken: cancellationToken));
    }

    /// <summary>The name in <c>deployment/NAME</c>, <c>deploy/NAME</c>, <c>deployments/NAME</c> or <c>NAME</c>.</summary>
    internal static string DeploymentName(string text)
    {
        var parts = (text ?? "").Split('/');
        var name = parts switch
        {
            [var bare] => bare,
            ["deployment" or "deployments" or "deploy" or "deployments.apps" or "deployment.apps", var named] => named,
            _ => "",
        };
        return name.Length > 0 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')
            ? name
            : throw new ScaleSetupException($"--kubernetes wants deployment/NAME (a Deployment's name: lowercase letters, digits, '-' and '.'), not {text}");
    }

    private static string? DefaultKubeconfig()
    {
        if (Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } list)
        {
            // kubectl merges every file of the list; the first that exists is what this client reads.
            return list.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(File.Exists) ?? list.Split(':')[0];
        }

        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        return File.Exists(home) ? home : null;
    }

    private Task<V1Deployment> ReadDeploymentAsync(CancellationToken cancellationToken) =>
        CallAsync("get", "deployments", () => _client.AppsV1.ReadNamespacedDeploymentAsync(_name, _namespace, cancellationToken: cancellationToken));

    /// <summary>Sets the container's CPU and memory limits (a strategic merge on the pod template, keyed by the container's name); the rollout follows.</summary>
    private async Task PatchLimitsAsync(ScaleSize size, CancellationToken cancellationToken)
    {
        var deployment = await ReadDeploymentAsync(cancellationToken);
        var containers = deployment.Spec?.Template?.Spec?.Containers ?? [];
        var container = _options.Container ?? containers.FirstOrDefault()?.Name
            ?? throw new ScaleSetupException($"--kubernetes: deployment/{_name} has no container to limit");
        if (!containers.Any(c => c.Name == container))
        {
            throw new ScaleSetupException($"--kubernetes: deployment/{_name} has no container named {container}");
        }

        var current = containers.First(c => c.Name == container).Resources?.Limits;
        _originalLimits ??= (container, Limit(current, "cpu"), Limit(current, "memory"));
        var original = _originalLimits.Value;
        var cpu = size.Cpus is { } cpus ? cpus.ToString(CultureInfo.InvariantCulture) : original.Cpu;
        var memory = size.MemoryMb is { } mb ? string.Create(CultureInfo.InvariantCulture, $"{mb}Mi") : original.Memory;
        await PatchContainerLimitsAsync(container, cpu, memory, cancellationToken);
    }

    private static string? Limit(IDictionary<string, ResourceQuantity>? limits, string name) =>
        limits is not null && limits.TryGetValue(name, out var quantity) ? quantity.ToString() : null;

    /// <summary>A strategic merge of one container's limits (keyed by its name); a null limit is removed.</summary>
    private Task<V1Deployment> PatchContainerLimitsAsync(string container, string? cpu, string? memory, CancellationToken cancellationToken)
    {
        var body = new
        {
            spec = new { template = new { spec = new { containers = new[] { new { name = container, resources = new { limits = new { cpu, memory } } } } } } },
        };
        var patch = new V1Patch(System.Text.Json.JsonSerializer.Serialize(body), V1Patch.PatchType.StrategicMergePatch);
        return CallAsync("patch", "deployments", () => _client.AppsV1.PatchNamespacedDeploymentAsync(patch, _name, _namespace, cancellationToken: cancellationToken));
    }

    /// <summary>As <c>kubectl rollout status</c>: the status observed the latest generation, and every replica is updated, ready and available, with no old one left.</summary>
    private async Task WaitForRolloutAsync(int replicas, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var deployment = await ReadDeploymentAsync(cancellationToken);
            var status = deployment.Status;
            var observed = status?.ObservedGeneration >= deployment.Metadata?.Generation;
            if (observed && status!.UpdatedReplicas == replicas && status.Replicas == replicas
                && status.ReadyReplicas == replicas && status.AvailableReplicas == replicas)
            {
                return;
            }

            if (TimeProvider.System.GetElapsedTime(started) > _options.RolloutTimeout)
            {
                throw new ScaleSetupException(string.Create(CultureInfo.InvariantCulture,
                    $"--kubernetes: deployment/{_name} did not roll out to {replicas} replicas within {_options.RolloutTimeout.TotalSeconds:0} s ({(observed ? "" : "new generation not observed yet; ")}updated {status?.UpdatedReplicas ?? 0}, ready {status?.ReadyReplicas ?? 0}, available {status?.AvailableReplicas ?? 0}, total {status?.Replicas ?? 0})"));
            }

            await Task.Delay(_options.PollInterval, cancellationToken);
        }
    }

    /// <summary>One API call, its failures turned into one line that says which call and what to do.</summary>
    private async Task<T> CallAsync<T>(string verb, string resource, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (HttpOperationException ex)
        {
            var status = ex.Response?.StatusCode;
            throw new ScaleSetupException(status switch
            {
                HttpStatusCode.NotFound => $"--kubernetes: deployment/{_name} not found in namespace {_namespace} ({_server})",
                HttpStatusCode.Forbidden => $"--kubernetes: forbidden to {verb} {resource} in namespace {_namespace}: the kubeconfig's user needs RBAC verb {verb} on {resource} (docs/scale-targets.md)",
                HttpStatusCode.Unauthorized => $"--kubernetes: the cluster at {_server} refused the kubeconfig's credentials (401)",
                _ => $"--kubernetes: {verb} {resource} failed with {(int?)status} {OneLine(ex.Response?.Content ?? ex.Message)}",
            }, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or KubernetesClientException || (ex is TaskCanceledException && ex.InnerException is TimeoutException))
        {
            throw new ScaleSetupException($"--kubernetes: cannot reach the cluster at {_server}: {OneLine(ex.Message)}", ex);
        }
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
