using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ScaleLab.Lab.Data;

namespace ScaleLab.Lab.Service;

/// <summary>
/// The outermost measurement: every request's route template, status, latency (queueing included) and the number of
/// database statements it ran, recorded once the response is done.
/// </summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, LabMetrics metrics, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        metrics.RequestStarted();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left (often while queued for a worker): nothing to answer, and not a server error to log.
        }
        finally
        {
            // A client that gave up (or a drain past its deadline) shows as 499, nginx's "client closed request".
            if (context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
            {
                status = 499;
            }

            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            var queries = context.RequestServices.GetService<QueryCounter>()?.Count ?? 0;
            metrics.RequestFinished(route, status, time.GetElapsedTime(started), queries);
        }
    }
}
