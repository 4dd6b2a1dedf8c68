namespace ScaleLab.Load.Http1.Transport;

/// <summary>A connected byte stream to the target, as the HTTP/1.1 client needs it.</summary>
internal interface IHttp1Connection : IDisposable
{
    /// <summary>Sends all of <paramref name="data"/>.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> data);

    /// <summary>Receives at least one byte into <paramref name="buffer"/>; 0 when the peer closed the connection.</summary>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer);
}
