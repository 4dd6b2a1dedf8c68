using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Scenarios;

namespace ScaleLab.Lab.Service;

/// <summary>
/// <c>GET /users/{id}/feed</c>: the newest 50 posts of the people a user follows, cache-aside in the store. On a miss:
/// one query for the followees on the user's shard, then one query per shard holding followees, run in parallel and
/// merged (n-plus-one: one query per followee instead). Header <c>X-Cache: hit|miss|off</c> says where it came from.
/// </summary>
internal static class FeedApi
{
    public const int FeedLength = 50;

    public static IEndpointRouteBuilder MapFeedApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/users/{id:long}/feed", GetFeedAsync);
        return app;
    }

    private static async Task<IResult> GetFeedAsync(long id, HttpContext context, LabDatabase database, FeedCache cache, ILabScenario scenario, LabMetrics metrics)
    {
        var cancellationToken = context.RequestAborted;
        if (scenario.CachesFeeds)
        {
            var cached = await cache.GetAsync(id);
            if (cached is not null)
            {
                metrics.CacheHit();
                context.Response.Headers["X-Cache"] = "hit";
                return Results.Bytes(cached, "application/json");
            }

            metrics.CacheMiss();
        }

        var followees = await database.FolloweesAsync(id, cancellationToken);
        if (followees is null)
        {
            return Results.NotFound(new ErrorResponse($"no user {id}"));
        }

        var posts = scenario.LoadsFeedPerFollowee
            ? await LoadPerFolloweeAsync(database, followees, cancellationToken)
            : await LoadPerShardAsync(database, followees, scenario.RanksFeedByActivity, cancellationToken);
        var feed = JsonSerializer.SerializeToUtf8Bytes(new FeedResponse(id, posts), JsonSerializerOptions.Web);
        if (scenario.CachesFeeds)
        {
            await cache.SetAsync(id, feed);
        }

        context.Response.Headers["X-Cache"] = scenario.CachesFeeds ? "miss" : "off";
        return Results.Bytes(feed, "application/json");
    }

    /// <summary>One query per shard that holds followees, in parallel: the cost grows with shards, not with followees.</summary>
    /// <remarks>Ranked (heavy-query): each shard returns the posts of its most active followees, ranked in the statement.</remarks>
    private static async Task<IReadOnlyList<Post>> LoadPerShardAsync(LabDatabase database, long[] followees, bool ranked, CancellationToken cancellationToken)
    {
        var perShard = followees.GroupBy(database.Shards.ShardForUser)
            .Select(group => ranked
                ? database.RankedPostsAsync(group.Key, group.ToArray(), FeedLength, cancellationToken)
                : database.NewestPostsAsync(group.Key, group.ToArray(), FeedLength, cancellationToken));
        return Newest((await Task.WhenAll(perShard)).SelectMany(posts => posts));
    }

    /// <summary>The N+1 pattern: one query per followee, one after another, as an ORM's lazy loading would do it.</summary>
    private static async Task<IReadOnlyList<Post>> LoadPerFolloweeAsync(LabDatabase database, long[] followees, CancellationToken cancellationToken)
    {
        var all = new List<Post>();
        foreach (var followee in followees)
        {
            all.AddRange(await database.NewestPostsOfAsync(followee, FeedLength, cancellationToken));
        }

        return Newest(all);
    }

    private static Post[] Newest(IEnumerable<Post> posts)
    {
        var all = posts.ToArray();
        Array.Sort(all, Post.NewestFirst);
        return all.Length <= FeedLength ? all : all[..FeedLength];
    }

    internal sealed record FeedResponse(long UserId, IReadOnlyList<Post> Posts);
}
