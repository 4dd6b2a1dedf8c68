using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ScaleLab.Lab.Capacity;

namespace ScaleLab.Lab.Service;

/// <summary>
/// <c>GET /healthz</c>: 200 once the replica serves, 503 once it drains (so a balancer's health check takes it out),
/// and <c>GET /metrics</c>: Prometheus text. Both skip the worker queue, so they answer under saturation.
/// </summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (ReplicaState state) => state.IsReady
                ? Results.Text("ok\n")
                : Results.Text("draining\n", statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithMetadata(ExemptFromCapacity.Instance);
        app.MapGet("/metrics", (LabMetrics metrics, ReplicaOptions options, CapacityModel capacity) =>
                Results.Text(metrics.Render(options, capacity), "text/plain; version=0.0.4; charset=utf-8"))
            .WithMetadata(ExemptFromCapacity.Instance);
        return app;
    }
}
