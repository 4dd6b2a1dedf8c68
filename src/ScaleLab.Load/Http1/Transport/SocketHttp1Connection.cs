using System.Net;
using System.Net.Sockets;

namespace ScaleLab.Load.Http1.Transport;

/// <summary>The portable transport: .NET's asynchronous socket operations.</summary>
internal sealed class SocketHttp1Connection(Socket socket) : IHttp1Connection
{
    public static async ValueTask<IHttp1Connection> ConnectAsync(EndPoint endPoint, CancellationToken abort)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, abort).ConfigureAwait(false);
            return new SocketHttp1Connection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data)
    {
        // Socket.SendAsync on a stream socket completes only when every byte is sent.
        await socket.SendAsync(data, SocketFlags.None).ConfigureAwait(false);
    }

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer) => socket.ReceiveAsync(buffer, SocketFlags.None);

    public bool HasPendingInput => socket.Available > 0;

    public void Dispose() => socket.Dispose();
}
