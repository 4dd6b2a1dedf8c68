using Microsoft.AspNetCore.Http;

namespace ScaleLab.Cli.Targets;

/// <summary>
/// The requests a target answered, counted when its handler returns (a request whose client left before the answer
/// counts too: the target did the work). Requests for <c>/stats</c> are left out, so that reading the count does not
/// change it.
/// </summary>
internal sealed class ServedRequests
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public async Task CountAsync(HttpContext context, RequestDelegate next)
    {
        await next(context).ConfigureAwait(false);
        if (!context.Request.Path.Equals("/stats", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
