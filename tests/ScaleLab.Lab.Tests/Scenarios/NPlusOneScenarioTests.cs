using ScaleLab.Lab.Tests.Support;
using Xunit.Abstractions;

namespace ScaleLab.Lab.Tests.Scenarios;

public sealed class NPlusOneScenarioTests(ITestOutputHelper output)
{
    private const string FeedRoute = "route=\"/users/{id:long}/feed\"";

    [Fact]
    public async Task Feed_NPlusOne_RunsAboutOneQueryPerFolloweeWhereBaselineRunsOnePerShard()
    {
        await using var bed = await LabTestBed.CreateAsync(LabTestBed.SmallData with { FollowsPerUser = 12 });
        var baseline = await bed.StartReplicaAsync("baseline", replicaId: 1);
        var nPlusOne = await bed.StartReplicaAsync("n-plus-one", replicaId: 2);

        var baselinePerFeed = await QueriesPerFeedAsync(baseline, firstUser: 1);
        var nPlusOnePerFeed = await QueriesPerFeedAsync(nPlusOne, firstUser: 101);

        output.WriteLine($"queries per feed request: baseline {baselinePerFeed:F2}, n-plus-one {nPlusOnePerFeed:F2} (12 followees, 2 shards)");
        Assert.InRange(baselinePerFeed, 1, 3);
        Assert.InRange(nPlusOnePerFeed, 12, 13);
    }

    /// <summary>Feeds of 20 different users (all cache misses), then the queries per request from /metrics.</summary>
    private static async Task<double> QueriesPerFeedAsync(HttpClient client, int firstUser)
    {
        for (var user = firstUser; user < firstUser + 20; user++)
        {
            (await client.GetAsync($"/users/{user}/feed")).EnsureSuccessStatusCode();
        }

        var metrics = await MetricsSnapshot.ReadAsync(client);
        return metrics.Sum("scalelab_db_queries_total", FeedRoute) / metrics.Sum("scalelab_requests_total", FeedRoute);
    }
}
