using Microsoft.AspNetCore.Http;
using ScaleLab.Lab.Service;

namespace ScaleLab.Lab.Capacity;

/// <summary>Takes a worker (queueing when none is free) for every request not marked <see cref="ExemptFromCapacity"/>.</summary>
internal sealed class CapacityMiddleware(RequestDelegate next, CapacityModel capacity, LabMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ExemptFromCapacity>() is not null)
        {
            await next(context);
            return;
        }

        var (lease, waited) = await capacity.Pool.EnterAsync(context.RequestAborted);
        using (lease)
        {
            metrics.RecordQueueWait(waited);
            await next(context);
        }
    }
}
