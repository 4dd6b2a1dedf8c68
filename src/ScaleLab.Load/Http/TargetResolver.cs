using System.Net;
using System.Net.Sockets;
using ScaleLab.Load.Engine;

namespace ScaleLab.Load.Http;

/// <summary>Resolves a target's host once and checks that it accepts connections, with one-line errors.</summary>
internal static class TargetResolver
{
    public static async Task<IPEndPoint> ResolveAsync(Uri uri, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal))
        {
            return new IPEndPoint(literal, uri.Port);
        }

        IPAddress[] addresses;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            throw new TargetUnreachableException($"cannot resolve host '{uri.Host}'" + (ex is SocketException se ? $": {se.Message}" : ": timed out"), ex);
        }

        // IPv4 first: 'localhost' often resolves to ::1 as well, and servers commonly listen on 127.0.0.1 only.
        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new TargetUnreachableException($"host '{uri.Host}' has no address");
        return new IPEndPoint(address, uri.Port);
    }

    public static async Task CheckConnectAsync(Uri uri, EndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endPoint, deadline.Token).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new TargetUnreachableException($"cannot connect to {uri.GetLeftPart(UriPartial.Authority)} ({endPoint}): {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TargetUnreachableException($"cannot connect to {uri.GetLeftPart(UriPartial.Authority)} ({endPoint}): no answer within {timeout.TotalSeconds:0.#} s", ex);
        }
    }
}
