using System.Net;
using System.Net.Http.Json;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Tests.Support;

namespace ScaleLab.Lab.Tests.Service;

public sealed class FeedApiTests
{
    [Fact]
    public async Task Feed_SeededUser_IsTheNewest50PostsOfTheFollowees()
    {
        var options = LabTestBed.SmallData with { FollowsPerUser = 15 };
        await using var bed = await LabTestBed.CreateAsync(options);
        var client = await bed.StartReplicaAsync("baseline");
        var data = new SeedData(options, bed.Shards.Ring);
        var expected = data.Followees(7).SelectMany(data.Posts)
            .OrderByDescending(p => p.CreatedAtMs).ThenByDescending(p => p.Id).Take(50).Select(p => p.Id).ToArray();

        var feed = await client.GetFromJsonAsync<FeedBody>("/users/7/feed");

        Assert.Equal(7, feed!.UserId);
        Assert.Equal(50, feed.Posts.Count);
        Assert.Equal(expected, feed.Posts.Select(p => p.Id).ToArray());
    }

    [Fact]
    public async Task Feed_SecondRead_ComesFromTheCacheWithTheSameBody()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        using var first = await client.GetAsync("/users/11/feed");
        using var second = await client.GetAsync("/users/11/feed");

        Assert.Equal("miss", first.Headers.GetValues("X-Cache").Single());
        Assert.Equal("hit", second.Headers.GetValues("X-Cache").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        var metrics = await MetricsSnapshot.ReadAsync(client);
        Assert.Equal(1, metrics.Sum("scalelab_cache_hits_total"));
        Assert.Equal(1, metrics.Sum("scalelab_cache_misses_total"));
    }

    [Fact]
    public async Task Feed_UnknownUser_Returns404()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        using var response = await client.GetAsync("/users/123456/feed");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Feed_CacheMiss_RunsOneQueryForFolloweesPlusOnePerShard()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        for (var user = 1; user <= 20; user++)
        {
            (await client.GetAsync($"/users/{user}/feed")).EnsureSuccessStatusCode();
        }

        var metrics = await MetricsSnapshot.ReadAsync(client);
        var perRequest = metrics.Sum("scalelab_db_queries_total", "route=\"/users/{id:long}/feed\"") / metrics.Sum("scalelab_requests_total", "route=\"/users/{id:long}/feed\"");
        Assert.InRange(perRequest, 2, 1 + bed.Shards.Count);
    }

    internal sealed record FeedBody(long UserId, IReadOnlyList<PostBody> Posts);

    internal sealed record PostBody(long Id, long UserId, DateTimeOffset CreatedAt, string Body);
}
