namespace ScaleLab.Load.Http1.Transport;

/// <summary>A connected byte stream to the target, as the HTTP/1.1 client needs it.</summary>
internal interface IHttp1Connection : IDisposable
{
    /// <summary>Sends all of <paramref name="data"/>.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> data);

    /// <summary>Receives at least one byte into <paramref name="buffer"/>; 0 when the peer closed the connection.</summary>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer);

    /// <summary>
    /// True when bytes are waiting to be read (an end of stream alone does not count). Asked between requests, when
    /// nothing should be: one ioctl, no read, so the bytes stay for nobody to take as an answer.
    /// </summary>
    bool HasPendingInput { get; }
}
