using System.Net;
using System.Net.Sockets;
using ScaleLab.Load.Http1.Transport;

namespace ScaleLab.Load.Tests.Http1.Transport;

public sealed class PendingInputTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HasPendingInput_PeerWritesWhileNobodyReads_BecomesTrue(bool epoll)
    {
        Assert.True(!epoll || EpollReactor.IsSupported, "epoll is what the engine uses on Linux");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endPoint = (IPEndPoint)listener.LocalEndpoint;
        var accept = listener.AcceptSocketAsync();
        using var connection = epoll
            ? await EpollHttp1Connection.ConnectAsync(endPoint, 0, CancellationToken.None)
            : await SocketHttp1Connection.ConnectAsync(endPoint, CancellationToken.None);
        using var peer = await accept;

        var before = connection.HasPendingInput;
        await peer.SendAsync("HTTP/1.1 204 No Content\r\n\r\n"u8.ToArray(), SocketFlags.None);

        Assert.False(before);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!connection.HasPendingInput)
        {
            Assert.True(DateTime.UtcNow < deadline, "bytes the peer sent never showed as pending");
            await Task.Delay(10);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HasPendingInput_PeerClosedWithoutBytes_StaysFalse(bool epoll)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endPoint = (IPEndPoint)listener.LocalEndpoint;
        var accept = listener.AcceptSocketAsync();
        using var connection = epoll
            ? await EpollHttp1Connection.ConnectAsync(endPoint, 0, CancellationToken.None)
            : await SocketHttp1Connection.ConnectAsync(endPoint, CancellationToken.None);
        using (var peer = await accept)
        {
            peer.Shutdown(SocketShutdown.Both);
        }

        // A keep-alive connection the server closed while idle is not unsolicited input: the client retries it.
        var buffer = new byte[16];
        var received = await connection.ReceiveAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, received);
        Assert.False(connection.HasPendingInput);
    }
}
