using System.Net;
using System.Net.Sockets;

namespace ScaleLab.Tests.Support;

/// <summary>A loopback port that nothing listens on (bound, then released).</summary>
internal static class FreePort
{
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
