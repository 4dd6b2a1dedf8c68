using System.Globalization;
using k8s;
using k8s.Models;
using ScaleLab.Core.Units;

namespace ScaleLab.Agents.Kubernetes;

/// <summary>
/// Agents scheduled by Kubernetes for one run (<c>scalelab run --kubernetes N</c>): a Secret with the shared token and
/// an Indexed Job of N pods running <c>scalelab agent</c>, spread over nodes; ready once every pod is Ready with a pod
/// IP. Disposing deletes the Job (its pods with it) and the Secret, whether the start succeeded, failed halfway or was
/// cancelled (Ctrl-C).
/// </summary>
/// <remarks>
/// The calls, and the RBAC rules they need (docs/agents-kubernetes.md): <c>secrets</c> create, patch and delete;
/// <c>jobs</c> (batch) create and delete; <c>pods</c> list. The coordinator must reach the pods' IPs: it runs in the
/// cluster, or on a network that routes them.
/// </remarks>
/// <example>
/// <code>
/// await using var pool = await KubernetesAgentPool.StartAsync(new KubernetesAgentPoolOptions { Agents = 4 }, ct);
/// // pool.Addresses: ["10.1.2.3:7420", …], in the order of the pods' indexes; pool.Token: what they require.
/// </code>
/// </example>
public sealed class KubernetesAgentPool : IAsyncDisposable
{
    private readonly KubernetesAgentPoolOptions _options;
    private readonly k8s.Kubernetes _client;
    private readonly AgentJob _job;
    private readonly string _server;
    private bool _secretAsked;
    private bool _jobAsked;
    private bool _disposed;

    private KubernetesAgentPool(KubernetesAgentPoolOptions options, k8s.Kubernetes client, AgentJob job, string server)
    {
        _options = options;
        _client = client;
        _job = job;
        _server = server;
    }

    /// <summary>The agents' addresses (<c>podIP:port</c>), ordered by their pod's index; empty until started.</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    /// <summary>The token the agents require (the one given, or the one generated).</summary>
    public string Token => _job.Token;

    /// <summary>The namespace the objects are in.</summary>
    public string Namespace => _job.Namespace!;

    /// <summary>The Job's name, <c>scalelab-agent-RUNID</c>.</summary>
    public string JobName => _job.JobName;

    /// <summary>The Secret's name, <c>scalelab-agent-RUNID-token</c>.</summary>
    public string SecretName => _job.SecretName;

    /// <summary>Selects the pods of this pool (for <c>kubectl get pods -l</c>).</summary>
    public string LabelSelector => _job.LabelSelector;

    /// <summary>
    /// Creates the Secret and the Job, then waits until <see cref="KubernetesAgentPoolOptions.Agents"/> pods are
    /// ready (bounded by <see cref="KubernetesAgentPoolOptions.ReadyTimeout"/>). On any failure or cancellation,
    /// whatever was created is deleted before the exception leaves.
    /// </summary>
    /// <exception cref="ArgumentException">The options are not valid (<see cref="KubernetesAgentPoolOptions.Validate"/>).</exception>
    /// <exception cref="KubernetesAgentException">No kubeconfig, a call refused, a pod failed, or the wait timed out: one line.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<KubernetesAgentPool> StartAsync(KubernetesAgentPoolOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var config = KubeconfigFile.Load(options.KubeconfigPath, options.Context);
        config.HttpClientTimeout = options.RequestTimeout;
        var job = new AgentJob(
            options.RunId ?? GeneratedToken.RunId(),
            options.Namespace ?? config.Namespace ?? "default",
            options.Agents,
            options.Image ?? AgentImage.Default,
            options.Port,
            options.Token ?? GeneratedToken.Create(),
            options.Lifetime);
        var pool = new KubernetesAgentPool(options, new k8s.Kubernetes(config), job, config.Host);
        try
        {
            await pool.CreateAsync(cancellationToken).ConfigureAwait(false);
            await pool.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            return pool;
        }
        catch
        {
            await pool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Deletes the Job (its pods in the background) and the Secret; a failure is logged with the kubectl line that finishes the job.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // Its own bound, not the caller's token: after Ctrl-C that token is cancelled, and the clean-up must still run.
        using var bounded = new CancellationTokenSource(_options.RequestTimeout);
        var deleted = new List<string>();
        try
        {
            // Asked, not known created: a create cut by Ctrl-C may have reached the server all the same.
            if (_jobAsked && await DeleteAsync("jobs", $"job/{JobName}", () => _client.BatchV1.DeleteNamespacedJobAsync(
                    JobName, Namespace, propagationPolicy: "Background", cancellationToken: bounded.Token)).ConfigureAwait(false))
            {
                deleted.Add($"job/{JobName}");
            }

            if (_secretAsked && await DeleteAsync("secrets", $"secret/{SecretName}", () => _client.CoreV1.DeleteNamespacedSecretAsync(
                    SecretName, Namespace, cancellationToken: bounded.Token)).ConfigureAwait(false))
            {
                deleted.Add($"secret/{SecretName}");
            }

            if (deleted.Count > 0)
            {
                Log($"deleted {string.Join(" and ", deleted)} in namespace {Namespace}");
            }
        }
        finally
        {
            _client.Dispose();
        }
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        // The Secret first: a pod whose Secret is missing waits in CreateContainerConfigError.
        _secretAsked = true;
        await Call("create", "secrets", () => _client.CoreV1.CreateNamespacedSecretAsync(_job.Secret(), Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        _jobAsked = true;
        var created = await Call("create", "jobs", () => _client.BatchV1.CreateNamespacedJobAsync(_job.Job(), Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        Log($"created secret/{SecretName} and job/{JobName} ({Agents(_job.Agents)}, {_job.Image}) in namespace {Namespace}");
        await OwnSecretAsync(created, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes the Job the Secret's owner, so that when the cluster deletes the Job (its deadline, then its TTL) the
    /// Secret goes too: a coordinator killed before its clean-up leaves nothing behind. Best effort: without it, the
    /// clean-up still deletes both.
    /// </summary>
    private async Task OwnSecretAsync(V1Job job, CancellationToken cancellationToken)
    {
        if (job.Metadata?.Uid is not { Length: > 0 } uid)
        {
            return;
        }

        var owner = new { apiVersion = "batch/v1", kind = "Job", name = JobName, uid };
        var patch = new V1Patch(KubernetesJson.Serialize(new { metadata = new { ownerReferences = new[] { owner } } }), V1Patch.PatchType.MergePatch);
        try
        {
            await Call("patch", "secrets", () => _client.CoreV1.PatchNamespacedSecretAsync(patch, SecretName, Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (KubernetesAgentException ex)
        {
            Log($"warning: secret/{SecretName} is not owned by job/{JobName} ({ex.Message}): should this run be killed, delete it by hand");
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var time = _options.Time;
        var started = time.GetTimestamp();
        var lastReady = -1;
        while (true)
        {
            var pods = await Call("list", "pods", () => _client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: LabelSelector, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var states = pods.Items
                .Select(p => AgentPodState.Of(p, _job.Port))
                .OrderBy(s => s.Index)
                .ThenBy(s => s.Name, StringComparer.Ordinal)
                .ToList();
            if (states.FirstOrDefault(s => s.Failure is not null) is { } failed)
            {
                throw new KubernetesAgentException($"--kubernetes: agent pod {failed.Name} failed: {failed.Failure}");
            }

            var ready = states.Where(s => s.IsReady).DistinctBy(s => s.Index).ToList();
            if (ready.Count >= _job.Agents)
            {
                Addresses = [.. ready.Take(_job.Agents).Select(s => s.Address!)];
                Log($"{Agents(_job.Agents)} ready: {string.Join(", ", Addresses)}");
                return;
            }

            if (ready.Count != lastReady)
            {
                lastReady = ready.Count;
                Log($"{ready.Count} of {Agents(_job.Agents)} ready");
            }

            if (time.GetElapsedTime(started) >= _options.ReadyTimeout)
            {
                throw new KubernetesAgentException(TimedOut(states, ready.Count));
            }

            await Task.Delay(_options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private string TimedOut(IReadOnlyList<AgentPodState> states, int ready)
    {
        var waiting = states.FirstOrDefault(s => !s.IsReady);
        var why = waiting is not null
            ? $"pod {waiting.Name}: {waiting.Waiting}"
            : string.Create(CultureInfo.InvariantCulture, $"only {states.Count} pods created (kubectl describe job/{JobName} -n {Namespace} says why)");
        return string.Create(CultureInfo.InvariantCulture,
            $"--kubernetes: {ready} of {Agents(_job.Agents)} ready after {DurationParser.Format(_options.ReadyTimeout)}; {why}");
    }

    /// <summary>Deletes one object; true when it was there. A failure is logged, not thrown: the other object is still deleted.</summary>
    private async Task<bool> DeleteAsync<T>(string resource, string what, Func<Task<T>> call)
    {
        try
        {
            await Call("delete", resource, call).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (KubernetesCall.IsNotFound(ex))
        {
            return false;
        }
        catch (Exception ex) when (ex is KubernetesAgentException or OperationCanceledException)
        {
            Log($"warning: could not delete {what} ({KubernetesCall.OneLine(ex.Message)}): kubectl delete {what} -n {Namespace}");
            return false;
        }
    }

    private static string Agents(int count) => count == 1 ? "1 agent" : string.Create(CultureInfo.InvariantCulture, $"{count} agents");

    private Task<T> Call<T>(string verb, string resource, Func<Task<T>> call) => KubernetesCall.RunAsync(verb, resource, Namespace, _server, call);

    private void Log(string line) => _options.Log?.Invoke(line);
}
