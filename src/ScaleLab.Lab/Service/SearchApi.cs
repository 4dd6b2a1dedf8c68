using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ScaleLab.Lab.Data;

namespace ScaleLab.Lab.Service;

/// <summary>
/// <c>GET /search?q=</c>: posts containing the text, from every shard. The query cannot know which shard holds the
/// answer, so it asks all of them in parallel and merges: the "expensive cross-shard query" of the article, whose
/// cost grows with the number of shards instead of falling.
/// </summary>
internal static class SearchApi
{
    public const int ResultLength = 20;
    public const int MaxQueryLength = 100;

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/search", SearchAsync);
        return app;
    }

    private static async Task<IResult> SearchAsync(string? q, HttpContext context, LabDatabase database)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Length > MaxQueryLength)
        {
            return Results.BadRequest(new ErrorResponse($"q must be 1 to {MaxQueryLength} characters"));
        }

        var perShard = Enumerable.Range(0, database.Shards.Count)
            .Select(shard => database.SearchPostsAsync(shard, q, ResultLength, context.RequestAborted));
        var posts = (await Task.WhenAll(perShard)).SelectMany(p => p).OrderByDescending(p => p.Id).Take(ResultLength).ToArray();
        return Results.Ok(new SearchResponse(q, database.Shards.Count, posts));
    }

    internal sealed record SearchResponse(string Query, int Shards, IReadOnlyList<Post> Posts);
}
