using System.Diagnostics;
using ScaleLab.Lab.Tests.Support;
using Xunit.Abstractions;

namespace ScaleLab.Lab.Tests.Scenarios;

public sealed class MissingIndexScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Feed_MissingIndex_GetsSlowerAsPostsGrowWhileTheIndexedFeedDoesNot()
    {
        // Same follows and posts per user; 30 times more users, hence posts. With the index a feed reads the same
        // few rows either way; without it every feed scans all the shard's posts.
        var small = LabTestBed.SmallData with { Users = 1_000, FollowsPerUser = 10, PostsPerUser = 5 };
        var large = small with { Users = 30_000 };

        var smallMissing = await MeanFeedLatencyAsync(small, "missing-index");
        var largeMissing = await MeanFeedLatencyAsync(large, "missing-index");
        var largeIndexed = await MeanFeedLatencyAsync(large, "baseline");

        output.WriteLine($"mean feed latency (cache misses): missing-index {smallMissing.TotalMilliseconds:F2} ms with 5,000 posts, " +
                         $"{largeMissing.TotalMilliseconds:F2} ms with 150,000 posts; baseline {largeIndexed.TotalMilliseconds:F2} ms with 150,000 posts");
        Assert.True(largeMissing > 3 * smallMissing, "missing-index should be several times slower with 30 times the posts");
        Assert.True(largeMissing > 3 * largeIndexed, "the index should be what makes the difference");
    }

    private static async Task<TimeSpan> MeanFeedLatencyAsync(Lab.Data.SeedOptions data, string scenario)
    {
        await using var bed = await LabTestBed.CreateAsync(data);
        var client = await bed.StartReplicaAsync(scenario);
        (await client.GetAsync("/users/999/feed")).EnsureSuccessStatusCode();

        var stopwatch = Stopwatch.StartNew();
        for (var user = 1; user <= 30; user++)
        {
            (await client.GetAsync($"/users/{user}/feed")).EnsureSuccessStatusCode();
        }

        return stopwatch.Elapsed / 30;
    }
}
