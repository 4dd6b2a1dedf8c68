using System.Net.Http.Json;
using ScaleLab.Lab.Tests.Support;
using Xunit.Abstractions;

namespace ScaleLab.Lab.Tests.Scenarios;

public sealed class BroadcastInvalidationScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Write_BroadcastInvalidationOnThreeReplicas_MakesEveryReplicaRebuild()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var replicas = new List<HttpClient>();
        for (var id = 1; id <= 3; id++)
        {
            replicas.Add(await bed.StartReplicaAsync("broadcast-invalidation", id));
        }

        (await replicas[0].PostAsJsonAsync("/orders", new { productId = 3, quantity = 1, idempotencyKey = "one-write" })).EnsureSuccessStatusCode();
        var rebuilds = await WaitForRebuildsAsync(replicas, atLeast: 1);

        output.WriteLine($"one write, rebuilds per replica: {string.Join(", ", rebuilds)}");
        Assert.All(rebuilds, count => Assert.Equal(1, count));
        var background = (await MetricsSnapshot.ReadAsync(replicas[2])).Sum("scalelab_db_background_queries_total");
        Assert.Equal(bed.Shards.Count, background);
    }

    [Fact]
    public async Task Write_Baseline_MakesNoReplicaRebuild()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var replicas = new[] { await bed.StartReplicaAsync("baseline", 1), await bed.StartReplicaAsync("baseline", 2) };

        (await replicas[0].PostAsJsonAsync("/orders", new { productId = 3, quantity = 1, idempotencyKey = "one-write" })).EnsureSuccessStatusCode();
        await Task.Delay(300);

        foreach (var replica in replicas)
        {
            var metrics = await MetricsSnapshot.ReadAsync(replica);
            Assert.Equal(0, metrics.Sum("scalelab_broadcast_received_total"));
            Assert.Equal(0, metrics.Sum("scalelab_broadcast_rebuilds_total"));
        }
    }

    private static async Task<double[]> WaitForRebuildsAsync(IReadOnlyList<HttpClient> replicas, int atLeast)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var counts = new double[replicas.Count];
            for (var i = 0; i < replicas.Count; i++)
            {
                counts[i] = (await MetricsSnapshot.ReadAsync(replicas[i])).Sum("scalelab_broadcast_rebuilds_total");
            }

            if (counts.All(c => c >= atLeast) || DateTime.UtcNow > deadline)
            {
                return counts;
            }

            await Task.Delay(50);
        }
    }
}
