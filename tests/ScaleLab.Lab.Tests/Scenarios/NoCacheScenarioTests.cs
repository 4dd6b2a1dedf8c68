using ScaleLab.Lab.Tests.Support;

namespace ScaleLab.Lab.Tests.Scenarios;

public sealed class NoCacheScenarioTests
{
    private const string FeedRoute = "route=\"/users/{id:long}/feed\"";

    [Fact]
    public async Task Feed_NoCacheReadThreeTimes_NeverHitsAndQueriesEveryTime()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("no-cache");

        var queries = await QueriesPerRepeatedReadAsync(client);
        var metrics = await MetricsSnapshot.ReadAsync(client);

        Assert.Equal(0, metrics.Sum("scalelab_cache_hits_total"));
        Assert.All(queries, q => Assert.True(q >= 2, $"queries per read: {string.Join(", ", queries)}"));
        Assert.Equal(queries[0], queries[2]);
    }

    [Fact]
    public async Task Feed_BaselineReadThreeTimes_HitsTheCacheAfterTheFirst()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        var queries = await QueriesPerRepeatedReadAsync(client);
        var metrics = await MetricsSnapshot.ReadAsync(client);

        Assert.Equal(2, metrics.Sum("scalelab_cache_hits_total"));
        Assert.True(queries[0] >= 2);
        Assert.Equal(0, queries[1]);
        Assert.Equal(0, queries[2]);
    }

    /// <summary>The same feed read three times; the database statements each read cost, from /metrics.</summary>
    private static async Task<double[]> QueriesPerRepeatedReadAsync(HttpClient client)
    {
        var queries = new double[3];
        var before = 0.0;
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync("/users/21/feed")).EnsureSuccessStatusCode();
            var total = (await MetricsSnapshot.ReadAsync(client)).Sum("scalelab_db_queries_total", FeedRoute);
            queries[i] = total - before;
            before = total;
        }

        return queries;
    }
}
