using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace ScaleLab.Lab.Balancer;

/// <summary>
/// A step of YARP's proxy pipeline, before affinity and load balancing: a request whose connection a replica refused
/// is sent to another replica. A replica that died (a crash, <c>scale --kill-one</c>) refuses connections until the
/// supervisor takes it out of the cluster, which takes a few hundred milliseconds on a busy machine; every request
/// sent there meanwhile would fail with a 502, although it never reached any replica. HAProxy's <c>retries</c> with
/// <c>option redispatch</c> does the same.
/// </summary>
/// <remarks>
/// Only a refused connection, which proves the request was not delivered, and only a request without a body (whose
/// body could not be read a second time); a reset or a timeout may have reached the replica, and is not retried.
/// </remarks>
internal static class RefusedConnectionRetry
{
    /// <summary>The first try and two more, each on a replica not tried yet.</summary>
    private const int MaxAttempts = 3;

    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.Features.Get<IReverseProxyFeature>()!;
        IReadOnlyList<DestinationState> candidates = proxy.AvailableDestinations;
        await next();
        for (var attempt = 1; attempt < MaxAttempts && WasRefused(context) && IsBodiless(context.Request); attempt++)
        {
            var refused = proxy.ProxiedDestination;
            candidates = [.. candidates.Where(d => d != refused)];
            if (candidates.Count == 0)
            {
                return;
            }

            // Load balancing narrows the list to its pick: the next try picks again among the replicas left.
            proxy.AvailableDestinations = candidates;
            proxy.ProxiedDestination = null;
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
            await next();
        }
    }

    private static bool WasRefused(HttpContext context) =>
        !context.Response.HasStarted
        && context.Features.Get<IForwarderErrorFeature>() is { Error: ForwarderError.Request, Exception: { } exception }
        && IsConnectionRefused(exception);

    private static bool IsConnectionRefused(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsBodiless(HttpRequest request) =>
        (request.ContentLength ?? 0) == 0 && request.Headers.TransferEncoding.Count == 0;
}
