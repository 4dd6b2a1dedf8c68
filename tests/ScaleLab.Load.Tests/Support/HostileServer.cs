using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ScaleLab.Load.Tests.Support;

/// <summary>How a <see cref="HostileServer"/> answers each request.</summary>
public enum HostileMode
{
    /// <summary>Bytes that are not HTTP (with line ends, so a parser can judge them), then a graceful close.</summary>
    Garbage,

    /// <summary>Half a status line and header, then a reset (RST, not FIN).</summary>
    ResetMidHeaders,

    /// <summary>A huge Content-Length and a body written as fast as the client reads it, until it goes away.</summary>
    EndlessBody,

    /// <summary>A valid response whose body is 100 MB (104,857,600 bytes), then the next request on the connection.</summary>
    HundredMegabyteBody,

    /// <summary>A valid response sent one byte a second.</summary>
    OneByteASecond,

    /// <summary>The request is read, then the connection is closed gracefully without a byte of response.</summary>
    CloseBeforeResponse,

    /// <summary>A valid status line (200) followed by a header line without a colon.</summary>
    MalformedHeader,

    /// <summary>A well-formed response with the status 999, which no HTTP status class holds.</summary>
    StatusOutOfRange,

    /// <summary>A valid 200 response and, in the same write, a 204 response nobody asked for.</summary>
    ExtraResponse,

    /// <summary>
    /// A valid 200 response, then a moment later (a second write) a 204 nobody asked for; <see cref="HostileServer.ExtraResponses"/>
    /// counts them once sent.
    /// </summary>
    ExtraResponseLater,
}

/// <summary>
/// A raw TCP server on 127.0.0.1:0 that misbehaves in one of the ways no real server does on demand. Every loop in
/// it ends when the test disposes it or when its cap runs out, whichever comes first, so a client that never gives
/// up cannot hang a test run.
/// </summary>
internal sealed class HostileServer : IAsyncDisposable
{
    /// <summary>The body length of <see cref="HostileMode.HundredMegabyteBody"/>.</summary>
    public const long HundredMegabytes = 100L * 1024 * 1024;

    private const int MaxRequestHeadBytes = 64 * 1024;

    // Starts with 0x16 0x03 (a TLS record, a common real-world confusion), then bytes no status line may hold.
    private static readonly byte[] GarbageBytes = MakeGarbage();
    private static readonly byte[] HalfHead = "HTTP/1.1 200 OK\r\nContent-Ty"u8.ToArray();
    private static readonly byte[] TrickledResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray();
    private static readonly byte[] Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray();
    private static readonly byte[] Unasked = "HTTP/1.1 204 No Content\r\n\r\n"u8.ToArray();
    private static readonly byte[] OkAndUnasked = [.. Ok, .. Unasked];
    private static readonly byte[] BadHeader = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nno colon on this line\r\n\r\nok"u8.ToArray();
    private static readonly byte[] Status999 = "HTTP/1.1 999 Whatever\r\nContent-Length: 2\r\n\r\nok"u8.ToArray();

    private readonly TcpListener _listener;
    private readonly HostileMode _mode;
    private readonly CancellationTokenSource _stop;
    private readonly Task _acceptLoop;
    private readonly List<Task> _connections = [];
    private readonly List<Socket> _sockets = [];
    private int _accepted;
    private int _requests;
    private int _extraResponses;

    private HostileServer(HostileMode mode, TimeSpan cap)
    {
        _mode = mode;
        _stop = new CancellationTokenSource(cap);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Uri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri Uri { get; }

    /// <summary>Connections accepted, including the engine's reachability probe.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Complete request heads read.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Unsolicited responses sent (<see cref="HostileMode.ExtraResponseLater"/>).</summary>
    public int ExtraResponses => Volatile.Read(ref _extraResponses);

    /// <summary>Starts a server; it stops by itself after <paramref name="cap"/> (default one minute).</summary>
    public static HostileServer Start(HostileMode mode, TimeSpan? cap = null) => new(mode, cap ?? TimeSpan.FromMinutes(1));

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Task[] connections;
        lock (_connections)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }

            connections = [.. _connections];
        }

        // Every loop watches the token and its socket is closed, so this is quick; the bound only keeps a bug in this
        // class from hanging the suite.
        await Task.WhenAll([_acceptLoop, .. connections]).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _stop.Dispose();
    }

    private static byte[] MakeGarbage()
    {
        var garbage = new byte[600];
        var random = new Random(7);
        random.NextBytes(garbage);
        garbage[0] = 0x16;
        garbage[1] = 0x03;
        garbage[^4] = (byte)'\r';
        garbage[^3] = (byte)'\n';
        garbage[^2] = (byte)'\r';
        garbage[^1] = (byte)'\n';
        return garbage;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            lock (_connections)
            {
                if (_stop.IsCancellationRequested)
                {
                    socket.Dispose();
                    return;
                }

                _sockets.Add(socket);
                _connections.Add(Task.Run(() => ServeAsync(socket)));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var token = _stop.Token;
        try
        {
            using (socket)
            {
                var buffer = new byte[MaxRequestHeadBytes];
                while (await ReadRequestHeadAsync(socket, buffer, token).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _requests);
                    if (!await RespondAsync(socket, token).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // The client went away, or the test is over: either way this connection is done.
        }
    }

    /// <summary>Answers one request; false when the connection is done.</summary>
    private async Task<bool> RespondAsync(Socket socket, CancellationToken token)
    {
        switch (_mode)
        {
            case HostileMode.Garbage:
                await socket.SendAsync(GarbageBytes, SocketFlags.None, token).ConfigureAwait(false);
                await CloseGracefullyAsync(socket, token).ConfigureAwait(false);
                return false;

            case HostileMode.ResetMidHeaders:
                await socket.SendAsync(HalfHead, SocketFlags.None, token).ConfigureAwait(false);
                // Linger on with a zero timeout: close sends RST and drops what is unsent.
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
                return false;

            case HostileMode.EndlessBody:
                await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 1000000000000000\r\n\r\n"u8.ToArray(), SocketFlags.None, token).ConfigureAwait(false);
                var chunk = new byte[64 * 1024];
                while (true)
                {
                    // Ends when the client closes (the send fails) or the test is over (the token).
                    await socket.SendAsync(chunk, SocketFlags.None, token).ConfigureAwait(false);
                }

            case HostileMode.HundredMegabyteBody:
                await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {HundredMegabytes}\r\n\r\n"), SocketFlags.None, token).ConfigureAwait(false);
                var block = new byte[256 * 1024];
                for (var left = HundredMegabytes; left > 0; left -= block.Length)
                {
                    await socket.SendAsync(block.AsMemory(0, (int)Math.Min(block.Length, left)), SocketFlags.None, token).ConfigureAwait(false);
                }

                return true;

            case HostileMode.OneByteASecond:
                foreach (var b in TrickledResponse)
                {
                    await socket.SendAsync(new[] { b }, SocketFlags.None, token).ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
                }

                return true;

            case HostileMode.CloseBeforeResponse:
                await CloseGracefullyAsync(socket, token).ConfigureAwait(false);
                return false;

            case HostileMode.MalformedHeader:
                await socket.SendAsync(BadHeader, SocketFlags.None, token).ConfigureAwait(false);
                return true;

            case HostileMode.StatusOutOfRange:
                await socket.SendAsync(Status999, SocketFlags.None, token).ConfigureAwait(false);
                return true;

            case HostileMode.ExtraResponse:
                await socket.SendAsync(OkAndUnasked, SocketFlags.None, token).ConfigureAwait(false);
                return true;

            case HostileMode.ExtraResponseLater:
                await socket.SendAsync(Ok, SocketFlags.None, token).ConfigureAwait(false);
                // Long enough for the client to have read the first response alone and gone idle.
                await Task.Delay(TimeSpan.FromMilliseconds(50), token).ConfigureAwait(false);
                await socket.SendAsync(Unasked, SocketFlags.None, token).ConfigureAwait(false);
                Interlocked.Increment(ref _extraResponses);
                return true;

            default:
                throw new InvalidOperationException($"unknown mode {_mode}");
        }
    }

    /// <summary>
    /// Sends FIN, then waits for the client to close its side: closing with unread bytes would send RST instead, and
    /// the test would see a reset where it means a close.
    /// </summary>
    private static async Task CloseGracefullyAsync(Socket socket, CancellationToken token)
    {
        socket.Shutdown(SocketShutdown.Send);
        var drain = new byte[4096];
        while (await socket.ReceiveAsync(drain, SocketFlags.None, token).ConfigureAwait(false) > 0)
        {
        }
    }

    /// <summary>Reads up to the end of a request head; false when the client closed first.</summary>
    private static async Task<bool> ReadRequestHeadAsync(Socket socket, byte[] buffer, CancellationToken token)
    {
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                throw new IOException("request head larger than 64 KiB");
            }

            var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, token).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                // The engine's requests here are GETs without a body; anything pipelined after the head is not expected.
                return true;
            }
        }
    }
}
