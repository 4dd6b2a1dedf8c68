using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ScaleLab.Agents.Protocol;
using ScaleLab.Core.Results;
using ScaleLab.Load.Engine;

namespace ScaleLab.Agents.Agent;

/// <summary>The agent's control API (docs/agents.md, "Protocol"): every endpoint behind the bearer token.</summary>
internal static class AgentApi
{
    public static void MapAgentApi(this IEndpointRouteBuilder app, AgentState state, BearerToken token)
    {
        var api = app.MapGroup("/v1");
        api.AddEndpointFilter(async (context, next) => token.Accepts(context.HttpContext.Request.Headers.Authorization)
            ? await next(context)
            : Refuse(StatusCodes.Status401Unauthorized, "missing or wrong bearer token"));

        api.MapGet("/agent", () => Json(StatusCodes.Status200OK, Info(state)));
        api.MapPost("/runs", (HttpRequest request, CancellationToken cancellationToken) => CreateRunAsync(request, state, cancellationToken));
        api.MapPost("/runs/{id}/start", (string id, HttpRequest request) => StartAsync(id, request, state));
        api.MapGet("/runs/{id}/intervals", (string id, long? from) => state.Find(id) is { } run
            ? Json(StatusCodes.Status200OK, run.Intervals(from ?? 0))
            : NotHeld(id));
        api.MapGet("/runs/{id}/result", (string id) => state.Find(id) switch
        {
            null => NotHeld(id),
            { Result: { } result } => Json(StatusCodes.Status200OK, result),
            var run => Refuse(StatusCodes.Status409Conflict, run.Error ?? $"run {id} has not finished ({run.State})"),
        });
        api.MapPost("/runs/{id}/stop", (string id) =>
        {
            if (state.Find(id) is not { } run)
            {
                return NotHeld(id);
            }

            run.Stop();
            return Results.NoContent();
        });
        api.MapDelete("/runs/{id}", async (string id) =>
        {
            if (state.Find(id) is not { } run)
            {
                return NotHeld(id);
            }

            await state.ReleaseAsync(run);
            return Results.NoContent();
        });
    }

    private static AgentInfo Info(AgentState state)
    {
        var run = state.Current;
        return new AgentInfo(ResultHeader.Version, run is not null, run?.Id, (state.Time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds, Environment.ProcessorCount);
    }

    private static async Task<IResult> CreateRunAsync(HttpRequest request, AgentState state, CancellationToken cancellationToken)
    {
        RunPlan? plan;
        try
        {
            plan = await JsonSerializer.DeserializeAsync<RunPlan>(request.Body, AgentJson.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Refuse(StatusCodes.Status400BadRequest, $"the plan is not valid JSON: {ex.Message.Split('\n')[0]}");
        }

        if (plan is null)
        {
            return Refuse(StatusCodes.Status400BadRequest, "the plan is empty");
        }

        if (state.TryClaim() is { } busy)
        {
            return Refuse(StatusCodes.Status409Conflict, busy);
        }

        AgentRun? run = null;
        try
        {
            run = await AgentRun.PrepareAsync(plan, state.Time, cancellationToken);
            return Json(StatusCodes.Status201Created, new RunCreated(run.Id));
        }
        catch (FormatException ex)
        {
            return Refuse(StatusCodes.Status400BadRequest, ex.Message);
        }
        catch (TargetUnreachableException ex)
        {
            return Refuse(StatusCodes.Status502BadGateway, $"the target is unreachable from this agent: {ex.Message}");
        }
        finally
        {
            state.Hold(run);
        }
    }

    private static async Task<IResult> StartAsync(string id, HttpRequest request, AgentState state)
    {
        if (state.Find(id) is not { } run)
        {
            return NotHeld(id);
        }

        StartRequest? start;
        try
        {
            start = await JsonSerializer.DeserializeAsync<StartRequest>(request.Body, AgentJson.Options);
        }
        catch (JsonException ex)
        {
            return Refuse(StatusCodes.Status400BadRequest, $"not valid JSON: {ex.Message.Split('\n')[0]}");
        }

        if (start is null || !double.IsFinite(start.StartAtUnixMs))
        {
            return Refuse(StatusCodes.Status400BadRequest, "startAtUnixMs is missing");
        }

        try
        {
            return run.Start(DateTimeOffset.FromUnixTimeMilliseconds((long)start.StartAtUnixMs))
                ? Results.NoContent()
                : Refuse(StatusCodes.Status409Conflict, $"run {id} was started already");
        }
        catch (ArgumentException ex)
        {
            return Refuse(StatusCodes.Status400BadRequest, ex.Message);
        }
    }

    private static IResult NotHeld(string id) => Refuse(StatusCodes.Status404NotFound, $"run {id} is not held by this agent (finished and deleted, or its lease lapsed)");

    private static IResult Refuse(int status, string error) => Json(status, new AgentError(error));

    private static IResult Json<T>(int status, T value) => Results.Json(value, AgentJson.Options, statusCode: status);
}
