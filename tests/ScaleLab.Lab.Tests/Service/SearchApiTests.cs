using System.Net;
using System.Net.Http.Json;
using ScaleLab.Lab.Tests.Support;

namespace ScaleLab.Lab.Tests.Service;

public sealed class SearchApiTests
{
    [Fact]
    public async Task Search_CommonWord_GathersMatchesFromEveryShard()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        var result = await client.GetFromJsonAsync<SearchBody>("/search?q=Coffee");

        Assert.Equal(2, result!.Shards);
        Assert.Equal(20, result.Posts.Count);
        Assert.All(result.Posts, p => Assert.Contains("coffee", p.Body, StringComparison.Ordinal));
        Assert.Equal(2, result.Posts.Select(p => bed.Shards.ShardForUser(p.UserId)).Distinct().Count());
        var metrics = await MetricsSnapshot.ReadAsync(client);
        Assert.Equal(2, metrics.Sum("scalelab_db_queries_total", "route=\"/search\""));
    }

    [Fact]
    public async Task Search_LikeWildcards_AreMatchedLiterally()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        var result = await client.GetFromJsonAsync<SearchBody>("/search?q=%25");

        Assert.Empty(result!.Posts);
    }

    [Fact]
    public async Task Search_NoQuery_Returns400()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        using var response = await client.GetAsync("/search");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private sealed record SearchBody(string Query, int Shards, IReadOnlyList<FeedApiTests.PostBody> Posts);
}
