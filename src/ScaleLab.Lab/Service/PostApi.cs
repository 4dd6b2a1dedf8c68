using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Scenarios;

namespace ScaleLab.Lab.Service;

/// <summary><c>POST /posts</c> {"body": "..."}: the logged-in user posts; the post goes to the author's shard.</summary>
internal static class PostApi
{
    public const int MaxLength = 280;

    public static IEndpointRouteBuilder MapPostApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/posts", CreateAsync);
        return app;
    }

    private static async Task<IResult> CreateAsync(
        CreatePostRequest request,
        HttpContext context,
        ISessionStore sessions,
        LabDatabase database,
        LabIds ids,
        TimeProvider time,
        WriteBroadcast broadcast)
    {
        var author = await SessionApi.CurrentUserAsync(context, sessions);
        if (author is null)
        {
            return Results.Json(new ErrorResponse("log in first (POST /login)"), statusCode: StatusCodes.Status401Unauthorized);
        }

        if (string.IsNullOrWhiteSpace(request.Body) || request.Body.Length > MaxLength)
        {
            return Results.BadRequest(new ErrorResponse($"body must be 1 to {MaxLength} characters"));
        }

        var post = new Post(ids.Next(), author.Id, DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()), request.Body);
        await database.InsertPostAsync(post, context.RequestAborted);
        await broadcast.NotifyAsync("post", post.Id);
        return Results.Created($"/posts/{post.Id}", post);
    }

    internal sealed record CreatePostRequest(string? Body);
}
