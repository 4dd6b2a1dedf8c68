using System.Text;
using System.Text.Json.Nodes;
using ScaleLab.Agents.Kubernetes;
using Xunit.Abstractions;

namespace ScaleLab.Agents.Tests.Kubernetes;

public sealed class KubernetesAgentPoolTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-kube-").FullName;
    private readonly List<string> _log = [];

    public void Dispose()
    {
        // What the CLI would print on stderr, for a failure's context.
        foreach (var line in _log)
        {
            output.WriteLine(line);
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task StartAsync_PodsReadyAfterPolls_AddressesByIndexThenDisposeDeletesJobAndSecret()
    {
        await using var api = await FakeKubernetesApi.StartAsync(new FakeKubernetesApi { ReadyAfterPolls = 3 });

        var pool = await KubernetesAgentPool.StartAsync(Options(api, agents: 3));
        var addresses = pool.Addresses;
        await pool.DisposeAsync();

        Assert.Equal(["10.244.0.5:7420", "10.244.1.5:7420", "10.244.2.5:7420"], addresses);
        Assert.True(api.Polls >= 4, $"{api.Polls} polls");
        Assert.Equal("scalelab-agent-run1", pool.JobName);
        Assert.Equal("agents", pool.Namespace);
        Assert.Equal(0, api.Remaining);
        Assert.Equal("POST /api/v1/namespaces/agents/secrets", api.Calls[0]);
        Assert.Equal("POST /apis/batch/v1/namespaces/agents/jobs", api.Calls[1]);
        Assert.Equal("PATCH /api/v1/namespaces/agents/secrets/scalelab-agent-run1-token", api.Calls[2]);
        Assert.StartsWith("GET /api/v1/namespaces/agents/pods?labelSelector=app.kubernetes.io%2Fname%3Dscalelab-agent%2Cscalelab%2Frun-id%3Drun1", api.Calls[3], StringComparison.Ordinal);
        Assert.Equal(
            ["DELETE /apis/batch/v1/namespaces/agents/jobs/scalelab-agent-run1?propagationPolicy=Background", "DELETE /api/v1/namespaces/agents/secrets/scalelab-agent-run1-token"],
            api.Calls[^2..]);
        Assert.Contains(_log, l => l.StartsWith("3 agents ready: 10.244.0.5:7420", StringComparison.Ordinal));
        Assert.Contains(_log, l => l.StartsWith("deleted job/scalelab-agent-run1 and secret/scalelab-agent-run1-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_NoTokenGiven_GeneratesOneAndPutsItInTheSecret()
    {
        await using var api = await FakeKubernetesApi.StartAsync(new FakeKubernetesApi { ReadyAfterPolls = 0 });

        await using var pool = await KubernetesAgentPool.StartAsync(Options(api, agents: 1) with { Token = null });

        Assert.Matches("^[0-9a-f]{64}$", pool.Token);
        var secret = Assert.Single(api.CreatedSecrets);
        Assert.Equal(pool.Token, Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]!["token"]!.GetValue<string>())));
        Assert.Equal("Opaque", secret["type"]!.GetValue<string>());
        // The Secret is the Job's, so that the cluster deletes it with the Job should the coordinator die.
        var (contentType, patch) = Assert.Single(api.Patches);
        Assert.StartsWith("application/merge-patch+json", contentType, StringComparison.Ordinal);
        var owner = patch["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal(("Job", "batch/v1", "scalelab-agent-run1", "uid-2"),
            (owner["kind"]!.GetValue<string>(), owner["apiVersion"]!.GetValue<string>(), owner["name"]!.GetValue<string>(), owner["uid"]!.GetValue<string>()));
    }

    [Fact]
    public async Task StartAsync_Job_IndexedSpreadOverNodesWithTheTokenFromTheSecretAndAProbe()
    {
        await using var api = await FakeKubernetesApi.StartAsync(new FakeKubernetesApi { ReadyAfterPolls = 0 });

        await using var pool = await KubernetesAgentPool.StartAsync(Options(api, agents: 4) with { Image = "registry.example/agent:7", Lifetime = TimeSpan.FromMinutes(20) });

        var job = Assert.Single(api.CreatedJobs);
        AssertAgentJob(job, agents: 4, image: "registry.example/agent:7", deadline: 1200, secret: "scalelab-agent-run1-token", runId: "run1");
        Assert.Equal("agents", job["metadata"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public async Task StartAsync_PodInImagePullBackOff_ThrowsItsReasonAndDeletesEverything()
    {
        await using var api = await FakeKubernetesApi.StartAsync(new FakeKubernetesApi { ReadyAfterPolls = 1, FailIndex = 1, FailAfterPolls = 0 });

        var error = await Assert.ThrowsAsync<KubernetesAgentException>(() => KubernetesAgentPool.StartAsync(Options(api, agents: 2)));

        Assert.Equal("--kubernetes: agent pod scalelab-agent-run1-1-x1 failed: ImagePullBackOff: Back-off pulling image \"example/agent:1\"", error.Message);
        Assert.Equal(0, api.Remaining);
        Assert.Contains("DELETE /apis/batch/v1/namespaces/agents/jobs/scalelab-agent-run1?propagationPolicy=Background", api.Calls);
        Assert.Contains("DELETE /api/v1/namespaces/agents/secrets/scalelab-agent-run1-token", api.Calls);
    }

    [Fact]
    public async Task StartAsync_CancelledWhileWaiting_DeletesEverythingItCreated()
    {
        await using var api = await FakeKubernetesApi.StartAsync(new FakeKubernetesApi { ReadyAfterPolls = null });
        using var cancel = new CancellationTokenSource();
        var options = Options(api, agents: 2) with { Log = line => { lock (_log) { _log.Add(line); } if (line.StartsWith("0 of 2", StringComparison.Ordinal)) { cancel.Cancel(); } } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => KubernetesAgentPool.StartAsync(options, cancel.Token));

        Assert.Equal(0, api.Remaining);
        Assert.Contains("DELETE /apis/batch/v1/namespaces/agents/jobs/scalelab-agent-run1?propagationPolicy=Background", api.Calls);
        Assert.Contains("DELETE /api/v1/namespaces/agents/secrets/scalelab-agent-run1-token", api.Calls);
    }

    [Fact]
    public async Task StartAsync_NotReadyInTime_ThrowsWhatThePodsWaitForAndDeletesEverything()
    {
        await using var api = await FakeKubernetesApi.StartAsync(new FakeKubernetesApi { ReadyAfterPolls = null });

        var error = await Assert.ThrowsAsync<KubernetesAgentException>(() =>
            KubernetesAgentPool.StartAsync(Options(api, agents: 2) with { ReadyTimeout = TimeSpan.FromMilliseconds(200) }));

        Assert.Equal("--kubernetes: 0 of 2 agents ready after 200ms; pod scalelab-agent-run1-0-x2: ContainerCreating", error.Message);
        Assert.Equal(0, api.Remaining);
    }

    [Fact]
    public async Task StartAsync_JobsForbidden_NamesTheRbacRuleAndDeletesTheSecret()
    {
        await using var api = await FakeKubernetesApi.StartAsync(new FakeKubernetesApi { Forbid = "create jobs" });

        var error = await Assert.ThrowsAsync<KubernetesAgentException>(() => KubernetesAgentPool.StartAsync(Options(api, agents: 1)));

        Assert.StartsWith("--kubernetes: forbidden to create jobs in namespace agents: the kubeconfig's user needs RBAC verb create on jobs", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, api.Remaining);
        Assert.Equal("DELETE /api/v1/namespaces/agents/secrets/scalelab-agent-run1-token", api.Calls[^1]);
    }

    [Fact]
    public async Task StartAsync_NoKubeconfig_OneLineAndNoCall()
    {
        var missing = Path.Combine(_directory, "nothing-here");

        var error = await Assert.ThrowsAsync<KubernetesAgentException>(() =>
            KubernetesAgentPool.StartAsync(new KubernetesAgentPoolOptions { Agents = 1, KubeconfigPath = missing }));

        Assert.Equal($"--kubernetes: the kubeconfig {missing} does not exist", error.Message);
    }

    [Theory]
    [InlineData(0, null, "--kubernetes: the number of agents must be 1 to 256, not 0")]
    [InlineData(2, "Bad_Namespace", "--namespace: Bad_Namespace is not a namespace name (lowercase letters, digits and '-', at most 63)")]
    public void Validate_BadOptions_OneLine(int agents, string? ns, string expected)
    {
        Assert.Equal(expected, new KubernetesAgentPoolOptions { Agents = agents, Namespace = ns }.Validate());
    }

    /// <summary>The Job's contract with the cluster, for the pool's and the manifest's alike.</summary>
    internal static void AssertAgentJob(JsonNode job, int agents, string image, long deadline, string secret, string runId)
    {
        Assert.Equal("batch/v1", job["apiVersion"]!.GetValue<string>());
        Assert.Equal("Job", job["kind"]!.GetValue<string>());
        Assert.Equal($"scalelab-agent-{runId}", job["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("scalelab-agent", job["metadata"]!["labels"]!["app.kubernetes.io/name"]!.GetValue<string>());
        Assert.Equal(runId, job["metadata"]!["labels"]!["scalelab/run-id"]!.GetValue<string>());
        var spec = job["spec"]!;
        Assert.Equal("Indexed", spec["completionMode"]!.GetValue<string>());
        Assert.Equal(agents, spec["completions"]!.GetValue<int>());
        Assert.Equal(agents, spec["parallelism"]!.GetValue<int>());
        Assert.Equal(0, spec["backoffLimit"]!.GetValue<int>());
        Assert.Equal(deadline, spec["activeDeadlineSeconds"]!.GetValue<long>());
        Assert.True(spec["ttlSecondsAfterFinished"]!.GetValue<int>() > 0);
        Assert.Equal(runId, spec["template"]!["metadata"]!["labels"]!["scalelab/run-id"]!.GetValue<string>());

        var pod = spec["template"]!["spec"]!;
        Assert.Equal("Never", pod["restartPolicy"]!.GetValue<string>());
        var spread = pod["affinity"]!["podAntiAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]![0]!;
        Assert.Equal("kubernetes.io/hostname", spread["podAffinityTerm"]!["topologyKey"]!.GetValue<string>());
        Assert.Equal(runId, spread["podAffinityTerm"]!["labelSelector"]!["matchLabels"]!["scalelab/run-id"]!.GetValue<string>());
        Assert.InRange(spread["weight"]!.GetValue<int>(), 1, 100);

        var container = pod["containers"]![0]!;
        Assert.Equal(image, container["image"]!.GetValue<string>());
        Assert.Equal(["scalelab", "agent", "--listen", "0.0.0.0:7420"],
            container["command"]!.AsArray().Concat(container["args"]!.AsArray()).Select(n => n!.GetValue<string>()));
        Assert.Equal(7420, container["ports"]![0]!["containerPort"]!.GetValue<int>());
        var env = container["env"]![0]!;
        Assert.Equal("SCALELAB_AGENT_TOKEN", env["name"]!.GetValue<string>());
        Assert.Equal(secret, env["valueFrom"]!["secretKeyRef"]!["name"]!.GetValue<string>());
        Assert.Equal("token", env["valueFrom"]!["secretKeyRef"]!["key"]!.GetValue<string>());
        Assert.Equal(7420, container["readinessProbe"]!["tcpSocket"]!["port"]!.GetValue<int>());
        Assert.NotNull(container["resources"]!["requests"]!["cpu"]);
        Assert.NotNull(container["resources"]!["requests"]!["memory"]);
    }

    private KubernetesAgentPoolOptions Options(FakeKubernetesApi api, int agents) => new()
    {
        Agents = agents,
        KubeconfigPath = api.WriteKubeconfig(_directory),
        Image = "example/agent:1",
        Token = "s3cret",
        RunId = "run1",
        PollInterval = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromSeconds(10),
        Log = line =>
        {
            lock (_log)
            {
                _log.Add(line);
            }
        },
    };
}
