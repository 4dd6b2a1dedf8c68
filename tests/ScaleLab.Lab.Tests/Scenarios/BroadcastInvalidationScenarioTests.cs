using System.Net.Http.Json;
using ScaleLab.Lab.Scenarios;
using ScaleLab.Lab.Service;
using ScaleLab.Lab.Tests.Support;
using StackExchange.Redis;
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
        // One notification was published (counted before the write's response): no second rebuild can follow.
        var published = 0.0;
        foreach (var replica in replicas)
        {
            published += (await MetricsSnapshot.ReadAsync(replica)).Sum("scalelab_broadcast_published_total");
        }

        Assert.Equal(1, published);
        Assert.All(rebuilds, count => Assert.Equal(1, count));
        // Added just after the rebuild is counted: polled.
        var background = (await MetricsSnapshot.WaitForAsync(
            replicas[2], m => m.Sum("scalelab_db_background_queries_total") >= bed.Shards.Count, "the rebuild's queries"))
            .Sum("scalelab_db_background_queries_total");
        Assert.Equal(bed.Shards.Count, background);
    }

    [Fact]
    public async Task Write_Baseline_PublishesNothingAndMakesNoReplicaRebuild()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var replicas = new[] { await bed.StartReplicaAsync("baseline", 1), await bed.StartReplicaAsync("baseline", 2) };
        await using var store = await StoreConnection.ConnectAsync(bed.Store.Url, CancellationToken.None);
        var heard = await store.GetSubscriber().SubscribeAsync(WriteBroadcast.Channel);

        (await replicas[0].PostAsJsonAsync("/orders", new { productId = 3, quantity = 1, idempotencyKey = "one-write" })).EnsureSuccessStatusCode();
        // Published after the write's response: the store delivers one channel's messages in the order they were
        // published, so a notification of the write would arrive before the marker.
        await store.GetSubscriber().PublishAsync(WriteBroadcast.Channel, "marker");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = await heard.ReadAsync(deadline.Token);

        Assert.Equal("marker", first.Message.ToString());
        // The test's subscription is the only one: no baseline replica listens for notifications.
        var listeners = await store.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", WriteBroadcast.Channel.ToString());
        Assert.Equal(1, (long)((RedisResult[])listeners!)[1]);
        foreach (var replica in replicas)
        {
            // Counted before the write's response, so complete by now.
            var metrics = await MetricsSnapshot.ReadAsync(replica);
            Assert.Equal(0, metrics.Sum("scalelab_broadcast_published_total"));
            Assert.Equal(0, metrics.Sum("scalelab_broadcast_received_total"));
            Assert.Equal(0, metrics.Sum("scalelab_broadcast_rebuilds_total"));
        }
    }

    private static async Task<double[]> WaitForRebuildsAsync(IReadOnlyList<HttpClient> replicas, int atLeast)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
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
