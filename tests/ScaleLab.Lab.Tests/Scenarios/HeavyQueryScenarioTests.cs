using System.Net.Http.Json;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Tests.Service;
using ScaleLab.Lab.Tests.Support;

namespace ScaleLab.Lab.Tests.Scenarios;

public sealed class HeavyQueryScenarioTests
{
    [Fact]
    public async Task Feed_HeavyQuery_IsThePostsOfTheFolloweesRankedHighestOnEachShard()
    {
        // 15 followees with 10 posts each: more than the 50 a shard returns, so the ranking decides which ones.
        var options = LabTestBed.SmallData with { FollowsPerUser = 15, PostsPerUser = 10 };
        await using var bed = await LabTestBed.CreateAsync(options);
        var client = await bed.StartReplicaAsync("heavy-query");
        var expected = Expected(new SeedData(options, bed.Shards.Ring), bed.Shards, 7);

        var feed = await client.GetFromJsonAsync<FeedApiTests.FeedBody>("/users/7/feed");

        Assert.Equal(50, feed!.Posts.Count);
        Assert.Equal(expected, feed.Posts.Select(p => p.Id).ToArray());
    }

    [Fact]
    public async Task Feed_HeavyQueryReadTwice_IsNeverCachedAndQueriesEveryShardEachTime()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("heavy-query");

        using var first = await client.GetAsync("/users/21/feed");
        using var second = await client.GetAsync("/users/21/feed");

        Assert.Equal("off", first.Headers.GetValues("X-Cache").Single());
        Assert.Equal("off", second.Headers.GetValues("X-Cache").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        var metrics = await MetricsSnapshot.ReadAsync(client);
        Assert.Equal(0, metrics.Sum("scalelab_cache_hits_total"));
        Assert.True(metrics.Sum("scalelab_db_queries_total", "route=\"/users/{id:long}/feed\"") >= 2 * 2, "each read: the followees, then a ranked query per shard");
    }

    /// <summary>
    /// The statement's meaning, computed from the seed: on each shard, the authors of its newest posts ranked by post
    /// count among them, then latest post, then id (the others last); the followees' posts there in rank order,
    /// newest first within an author, 50 at most; the shards' answers merged newest first, 50 kept.
    /// </summary>
    private static long[] Expected(SeedData data, ShardSet shards, long user)
    {
        var perShard = new List<SeedPost>();
        for (var shard = 0; shard < shards.Count; shard++)
        {
            var recent = data.UsersOn(shard).SelectMany(data.Posts).OrderByDescending(p => p.Id).Take(LabDatabase.RankWindow);
            var rank = recent.GroupBy(p => p.UserId)
                .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Max(p => p.CreatedAtMs)).ThenBy(g => g.Key)
                .Select((g, i) => (author: g.Key, i)).ToDictionary(x => x.author, x => x.i);
            var followees = data.Followees(user).Where(f => shards.ShardForUser(f) == shard).ToHashSet();
            perShard.AddRange(followees.SelectMany(data.Posts)
                .OrderBy(p => rank.GetValueOrDefault(p.UserId, int.MaxValue)).ThenByDescending(p => p.CreatedAtMs).ThenByDescending(p => p.Id).Take(50));
        }

        return perShard.OrderByDescending(p => p.CreatedAtMs).ThenByDescending(p => p.Id).Take(50).Select(p => p.Id).ToArray();
    }
}
