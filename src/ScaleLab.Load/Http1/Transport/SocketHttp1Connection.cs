using System.Net;
using System.Net.Sockets;

namespace ScaleLab.Load.Http1.Transport;

/// <summary>The portable transport: .NET's asynchronous socket operations.</summary>
internal sealed class SocketHttp1Connection(Socket socket) : IHttp1Connection
{
    private int _disposed;

    public static async ValueTask<IHttp1Connection> ConnectAsync(EndPoint endPoint, CancellationToken abort)
    {
        if (!SocketBudget.TryTake())
        {
            throw new SocketException((int)SocketError.TooManyOpenSockets);
        }

        Socket? socket = null;
        try
        {
            socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endPoint, abort).ConfigureAwait(false);
            return new SocketHttp1Connection(socket);
        }
        catch (Exception ex)
        {
            socket?.Dispose();
            SocketBudget.Return();
            if (socket is null && ex is SocketException { SocketErrorCode: SocketError.TooManyOpenSockets })
            {
                SocketBudget.CountRefusal();
            }

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

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            socket.Dispose();
            SocketBudget.Return();
        }
    }
}
