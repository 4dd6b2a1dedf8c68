using ScaleLab.Agents.Tests.Kubernetes;
using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests.Commands;

/// <summary>
/// <c>run --kubernetes N</c> against the in-process API server of the pool's tests, found through <c>$KUBECONFIG</c>
/// as a user's cluster would be. (The run through real agents is in KubernetesAgentRunTests: the pods' port here is
/// the fixed 7420, which a test can't count on being free.)
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunKubernetesCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-run-kube-").FullName;
    private readonly string? _kubeconfig = Environment.GetEnvironmentVariable("KUBECONFIG");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("KUBECONFIG", _kubeconfig);
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Run_PodCannotPullItsImage_OneLineExit2AndNothingLeftInTheCluster()
    {
        await using var api = await FakeKubernetesApi.StartAsync(new FakeKubernetesApi { ReadyAfterPolls = null, FailIndex = 1, FailAfterPolls = 0 });
        Environment.SetEnvironmentVariable("KUBECONFIG", api.WriteKubeconfig(_directory));

        var (exit, error) = await ConsoleCapture.RunAsync("run", $"http://127.0.0.1:{FreePort.Get()}/", "-d", "1s", "--kubernetes", "2", "--image", "registry.example/agent:404");

        Assert.Equal(2, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^created secret/scalelab-agent-[0-9a-f]{8}-token and job/scalelab-agent-[0-9a-f]{8} \\(2 agents, registry.example/agent:404\\) in namespace agents$", lines[0]);
        Assert.Matches("^scalelab: --kubernetes: agent pod scalelab-agent-[0-9a-f]{8}-1-x1 failed: ImagePullBackOff: Back-off pulling image \"registry.example/agent:404\"$", lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("deleted job/scalelab-agent-", StringComparison.Ordinal));
        Assert.Equal(0, api.Remaining);
        Assert.Single(api.CreatedJobs);
    }

    [Fact]
    public async Task Run_TokenFile_IsTheTokenInTheSecret()
    {
        await using var api = await FakeKubernetesApi.StartAsync(new FakeKubernetesApi { ReadyAfterPolls = null, FailIndex = 0, FailAfterPolls = 0 });
        Environment.SetEnvironmentVariable("KUBECONFIG", api.WriteKubeconfig(_directory));
        var tokenFile = Path.Combine(_directory, "agent.token");
        await File.WriteAllTextAsync(tokenFile, "shared-by-hand\n");

        var (exit, _) = await ConsoleCapture.RunAsync("run", $"http://127.0.0.1:{FreePort.Get()}/", "--kubernetes", "1", "--token-file", tokenFile, "--namespace", FakeKubernetesApi.Namespace);

        Assert.Equal(2, exit);
        var token = Convert.FromBase64String(api.CreatedSecrets.Single()["data"]!["token"]!.GetValue<string>());
        Assert.Equal("shared-by-hand", System.Text.Encoding.UTF8.GetString(token));
    }

    [Theory]
    [InlineData("--agents names agents and --kubernetes schedules them: give one of them", "run", "http://127.0.0.1:1/", "--kubernetes", "2", "--agents", "10.0.0.1:7420")]
    [InlineData("--kubernetes needs the target's URL: an agent can't reach a server inside this process", "run", "--kubernetes", "2")]
    [InlineData("--namespace, --image and --context go with --kubernetes N", "run", "http://127.0.0.1:1/", "--image", "x")]
    [InlineData("--kubernetes: the number of agents must be 1 to 256, not 0", "run", "http://127.0.0.1:1/", "--kubernetes", "0")]
    [InlineData("--on-agent-loss must be continue or abort, not 'later'", "run", "http://127.0.0.1:1/", "--kubernetes", "1", "--on-agent-loss", "later")]
    public async Task Run_KubernetesBadInput_OneLineExit2BeforeAnyCall(string expected, params string[] args)
    {
        Environment.SetEnvironmentVariable("KUBECONFIG", Path.Combine(_directory, "no-cluster-is-called"));

        var (exit, error) = await ConsoleCapture.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal($"scalelab: {expected}", error.Trim());
    }
}
