using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ScaleLab.Lab.Data;

namespace ScaleLab.Lab.Service;

/// <summary>
/// <c>POST /login</c> {"userId": N} sets a session cookie; <c>GET /me</c> answers who the cookie belongs to, or 401.
/// The lab has no passwords: logging in proves only that the user exists. What matters is where the session lives.
/// </summary>
internal static class SessionApi
{
    public const string CookieName = "scalelab_session";

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/login", LoginAsync);
        app.MapGet("/me", MeAsync);
        return app;
    }

    /// <summary>The session of the request's cookie, or null; <see cref="PostApi"/> uses it too.</summary>
    public static async Task<User?> CurrentUserAsync(HttpContext context, ISessionStore sessions) =>
        context.Request.Cookies.TryGetValue(CookieName, out var sessionId) && !string.IsNullOrEmpty(sessionId)
            ? await sessions.FindAsync(sessionId, context.RequestAborted)
            : null;

    private static async Task<IResult> LoginAsync(LoginRequest request, HttpContext context, LabDatabase database, ISessionStore sessions, ReplicaOptions options)
    {
        var user = await database.FindUserAsync(request.UserId, context.RequestAborted);
        if (user is null)
        {
            return Results.Json(new ErrorResponse($"no user {request.UserId}"), statusCode: StatusCodes.Status401Unauthorized);
        }

        // Session ids must be unguessable and differ between replicas: a seeded Random would give every replica
        // started with the same --seed the same ids.
        var sessionId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await sessions.SaveAsync(sessionId, user, context.RequestAborted);
        context.Response.Cookies.Append(CookieName, sessionId, new CookieOptions
        {
            HttpOnly = true,
            Path = "/",
            SameSite = SameSiteMode.Lax,
            MaxAge = ISessionStore.Lifetime,
        });
        return Results.Ok(new SessionResponse(user.Id, user.Name, options.ReplicaId));
    }

    private static async Task<IResult> MeAsync(HttpContext context, ISessionStore sessions, ReplicaOptions options)
    {
        var user = await CurrentUserAsync(context, sessions);
        return user is null
            ? Results.Json(new ErrorResponse("not logged in"), statusCode: StatusCodes.Status401Unauthorized)
            : Results.Ok(new SessionResponse(user.Id, user.Name, options.ReplicaId));
    }

    internal sealed record LoginRequest(long UserId);

    /// <summary>Who is logged in, and which replica answered (so a test or a person can see the balancer at work).</summary>
    internal sealed record SessionResponse(long UserId, string Name, int Replica);
}
