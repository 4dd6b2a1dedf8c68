using Microsoft.AspNetCore.Http;
using ScaleLab.Lab.Capacity;

namespace ScaleLab.Lab.Scenarios;

/// <summary>
/// global-lock: between taking a worker and doing the request's work, take the lock all replicas share, and hold it
/// until the response is written. Only installed when the scenario asks for it.
/// </summary>
internal sealed class GlobalLockMiddleware(RequestDelegate next, GlobalLock globalLock)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ExemptFromCapacity>() is not null)
        {
            await next(context);
            return;
        }

        await using (await globalLock.AcquireAsync(context.RequestAborted))
        {
            await next(context);
        }
    }
}
