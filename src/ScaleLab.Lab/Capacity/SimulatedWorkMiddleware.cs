using Microsoft.AspNetCore.Http;

namespace ScaleLab.Lab.Capacity;

/// <summary>Runs the capacity model's CPU and waiting for every request that holds a worker, then the endpoint.</summary>
internal sealed class SimulatedWorkMiddleware(RequestDelegate next, CapacityModel capacity)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ExemptFromCapacity>() is null)
        {
            await capacity.WorkAsync(context.RequestAborted);
        }

        await next(context);
    }
}
