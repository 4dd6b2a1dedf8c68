using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using ScaleLab.Agents.Agent;
using ScaleLab.Agents.Coordinator;
using ScaleLab.Agents.Kubernetes;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Requests;

namespace ScaleLab.Agents.Tests.Kubernetes;

/// <summary>
/// What <c>run --kubernetes N</c> does, end to end but for the cluster: the pool schedules the agents (the fake API
/// server), real agents play the pods, on the pods' IPs (127.0.0.1 and 127.0.0.2) with the token the pod would read
/// from the Secret, and the coordinator runs through the pool's addresses and token.
/// </summary>
public sealed class KubernetesAgentRunTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-kube-run-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Run_ThroughThePoolsAddressesAndToken_OneMergedRunAcrossThePods()
    {
        var port = FreePort.Get();
        await using var api = await FakeKubernetesApi.StartAsync(new FakeKubernetesApi { ReadyAfterPolls = 1, PodIp = i => $"127.0.0.{i + 1}" });
        long served = 0;
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () =>
        {
            Interlocked.Increment(ref served);
            return "hello";
        }));
        Task<AgentHost[]>? pods = null;
        var options = new KubernetesAgentPoolOptions
        {
            Agents = 2,
            Port = port,
            KubeconfigPath = api.WriteKubeconfig(_directory),
            PollInterval = TimeSpan.FromMilliseconds(20),
            // Once the Job exists, its pods start with SCALELAB_AGENT_TOKEN from the Secret, as the kubelet would give it.
            Log = line => pods ??= line.StartsWith("created", StringComparison.Ordinal) ? StartPodsAsync(SecretToken(api), port) : null,
        };

        await using var pool = await KubernetesAgentPool.StartAsync(options);
        var agents = await pods!;
        try
        {
            var source = new AgentLoadSource(pool.Addresses, pool.Token, new RequestSpec());
            var measurement = await source.RunAsync(target.Uri, LoadOptions.Closed(2, TimeSpan.FromSeconds(1)), null, CancellationToken.None);

            var result = measurement.Result;
            Assert.Equal([$"127.0.0.1:{port}", $"127.0.0.2:{port}"], pool.Addresses);
            Assert.Equal(pool.Addresses, result.Agents!.Select(a => a.Address));
            Assert.All(result.Agents!, a => Assert.True(a.Requests > 0 && !a.Lost));
            Assert.Equal(result.Requests, result.Agents!.Sum(a => a.Requests));
            Assert.InRange(Interlocked.Read(ref served), result.Requests, result.Requests + 50);
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }

    private static string SecretToken(FakeKubernetesApi api) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(api.CreatedSecrets.Single()["data"]!["token"]!.GetValue<string>()));

    private static async Task<AgentHost[]> StartPodsAsync(string token, int port) =>
    [
        await AgentHost.StartAsync(IPAddress.Parse("127.0.0.1"), port, token),
        await AgentHost.StartAsync(IPAddress.Parse("127.0.0.2"), port, token),
    ];
}
