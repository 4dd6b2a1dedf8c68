using System.Net;
using System.Net.Sockets;
using ScaleLab.Load.Http1.Transport;

namespace ScaleLab.Load.Tests.Http1.Transport;

public sealed class EpollHttp1ConnectionTests
{
    [Fact]
    public async Task ReceiveAsync_DisposedConcurrently_EndsInsteadOfParkingForever()
    {
        Assert.True(EpollReactor.IsSupported, "the epoll transport runs on Linux x64/arm64: the test machine must be one");
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1024);
        var endPoint = listener.LocalEndPoint!;
        var buffer = new byte[64];

        // A read that starts as the connection is closed (a timeout's abort) must end either way: thrown at once, or
        // parked and then completed by the close. Racing them many times hits the moment between the read's check
        // and its parking, where a close used to leave the read parked for good.
        for (var i = 0; i < 3000; i++)
        {
            var connection = await EpollHttp1Connection.ConnectAsync(endPoint, i, CancellationToken.None);
            using var accepted = listener.Accept();
            using var start = new Barrier(2);
            Task<int>? receive = null;
            var reader = Task.Run(() =>
            {
                start.SignalAndWait();
                try
                {
                    receive = connection.ReceiveAsync(buffer).AsTask();
                }
                catch (ObjectDisposedException ex)
                {
                    receive = Task.FromException<int>(ex);
                }
            });
            var closer = Task.Run(() =>
            {
                start.SignalAndWait();
                connection.Dispose();
            });
            await Task.WhenAll(reader, closer);

            var ended = await Task.WhenAny(receive!, Task.Delay(TimeSpan.FromSeconds(10)));

            Assert.True(ended == receive, $"iteration {i}: the read stayed parked after the connection was closed");
            await Assert.ThrowsAsync<ObjectDisposedException>(() => receive);
        }
    }
}
