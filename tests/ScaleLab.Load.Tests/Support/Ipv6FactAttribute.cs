using System.Net;
using System.Net.Sockets;

namespace ScaleLab.Load.Tests.Support;

/// <summary>A fact that runs only where the IPv6 loopback [::1] can be bound, and says why it skipped otherwise.</summary>
public sealed class Ipv6FactAttribute : FactAttribute
{
    public Ipv6FactAttribute()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        }
        catch (SocketException ex)
        {
            Skip = $"this machine cannot bind the IPv6 loopback [::1]: {ex.Message}";
        }
    }
}
