using System.Net;
using System.Net.Sockets;

namespace ScaleLab.Lab.Processes;

/// <summary>Free TCP ports on 127.0.0.1, for servers that cannot bind port 0 and report what they got.</summary>
internal static class LoopbackPort
{
    /// <summary>A port that nothing listens on right now. Another process may take it before ours binds it: callers retry.</summary>
    public static int GetFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
