using ScaleLab.Lab.Tests.Support;
using Xunit.Abstractions;

namespace ScaleLab.Lab.Tests.Scenarios;

public sealed class GlobalLockScenarioTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task Throughput_GlobalLock_EightClientsGetNoMoreThanOneAndAHalfClients()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("global-lock", workers: 8, ioMs: 20);

        await WarmUpAsync([client]);
        var one = await OneClientThroughputAsync(client);
        var eight = await ThroughputAsync([client], clients: 8);
        var metrics = await MetricsSnapshot.ReadAsync(client);

        output.WriteLine($"global-lock: 1 client {one:F0} req/s, 8 clients {eight:F0} req/s; lock waits {metrics.Sum("scalelab_lock_waits_total")}, retries {metrics.Sum("scalelab_lock_retries_total")}");
        Assert.True(eight <= 1.5 * one, $"8 clients: {eight:F0} req/s against {one:F0} for one");
        Assert.True(metrics.Sum("scalelab_lock_waits_total") > 0);
        Assert.True(metrics.Sum("scalelab_lock_wait_seconds_total") > 0);
    }

    [Fact]
    public async Task Throughput_GlobalLockOnTwoReplicas_IsSharedByBoth()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var first = await bed.StartReplicaAsync("global-lock", replicaId: 1, workers: 8, ioMs: 20);
        var second = await bed.StartReplicaAsync("global-lock", replicaId: 2, workers: 8, ioMs: 20);

        await WarmUpAsync([first, second]);
        var one = await OneClientThroughputAsync(first);
        var both = await ThroughputAsync([first, second], clients: 8);
        var waits = (await MetricsSnapshot.ReadAsync(first)).Sum("scalelab_lock_waits_total") + (await MetricsSnapshot.ReadAsync(second)).Sum("scalelab_lock_waits_total");

        output.WriteLine($"global-lock: 1 client on one replica {one:F0} req/s, 8 clients over two replicas {both:F0} req/s; lock waits {waits}");
        Assert.True(both <= 1.5 * one, $"two replicas: {both:F0} req/s against {one:F0} for one client");
    }

    [Fact]
    public async Task Throughput_Baseline_EightClientsGetSeveralTimesOneClient()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline", workers: 8, ioMs: 20);

        await WarmUpAsync([client]);
        var one = await OneClientThroughputAsync(client);
        var eight = await ThroughputAsync([client], clients: 8);

        output.WriteLine($"baseline: 1 client {one:F0} req/s, 8 clients {eight:F0} req/s");
        Assert.True(eight >= 3 * one, $"8 clients: {eight:F0} req/s against {one:F0} for one");
    }

    /// <summary>JIT, connection pools and thread pool warmed, so the one-client measurement is not the slow first second.</summary>
    private static Task WarmUpAsync(HttpClient[] replicas) =>
        ClosedLoop.ThroughputAsync(8, TimeSpan.FromSeconds(0.5), async client =>
        {
            using var response = await replicas[client % replicas.Length].GetAsync("/products/1");
            return response.IsSuccessStatusCode;
        });

    /// <summary>
    /// The best of three short rounds: other processes on a 2-core machine can stall a round, and a stall that lowered
    /// the one-client figure would make any serialisation look like scaling.
    /// </summary>
    private static async Task<double> OneClientThroughputAsync(HttpClient client)
    {
        var best = 0.0;
        for (var round = 0; round < 3; round++)
        {
            best = Math.Max(best, await ClosedLoop.ThroughputAsync(1, TimeSpan.FromSeconds(0.5), async _ =>
            {
                using var response = await client.GetAsync("/products/2");
                return response.IsSuccessStatusCode;
            }));
        }

        return best;
    }

    private static Task<double> ThroughputAsync(HttpClient[] replicas, int clients) =>
        ClosedLoop.ThroughputAsync(clients, Window, async client =>
        {
            using var response = await replicas[client % replicas.Length].GetAsync($"/products/{1 + (client % 10)}");
            return response.IsSuccessStatusCode;
        });
}
