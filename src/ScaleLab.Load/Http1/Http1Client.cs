using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Http1.Transport;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Http1;

/// <summary>
/// One keep-alive HTTP/1.1 connection. Written by hand because the engine must cost about what wrk costs per
/// request: HttpClient spends about five times the CPU (measured: 70 µs against wrk's 14 µs per request on this
/// kind of machine). No allocation per request for a static request: its bytes are encoded once and shared, the receive
/// buffer is the connection's own, the parser only counts the body, and the async builder is pooled. A templated
/// request (randomInt, uuid, …) costs one string per request, rendered and then encoded into the client's reusable
/// buffer (<see cref="Http1RequestEncoder"/>). The bytes travel over an
/// epoll event loop on Linux (<see cref="EpollHttp1Connection"/>) and .NET's sockets elsewhere.
/// </summary>
internal sealed class Http1Client : ILoadClient
{
    private const int ReceiveBufferSize = 16 * 1024;

    private readonly EndPoint _endPoint;
    private readonly Http1RequestEncoder? _requests;
    private readonly CancellationToken _abort;
    private readonly HttpResponseParser _parser = new();
    private readonly byte[] _receive = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize, pinned: true);
    private readonly CancellationTokenRegistration _abortRegistration;
    private readonly int _affinity;
    private IHttp1Connection? _connection;
    private bool _reused;
    private bool _unsolicited;

    private ResponseCapture? _capture;

    public Http1Client(EndPoint endPoint, int affinity, Http1RequestEncoder? requests, CancellationToken abort)
    {
        _endPoint = endPoint;
        _affinity = affinity;
        _requests = requests;
        _abort = abort;
        // Registered once per client, not per request: the engine cancels the token to abandon an operation,
        // and closing the socket makes the pending send or receive end at once.
        _abortRegistration = abort.UnsafeRegister(static state => ((Http1Client)state!).CloseConnection(), this);
    }

    public ValueTask<OperationResult> ExecuteAsync()
    {
        var request = _requests!.Next(out var isHead, out var index);
        var expect = _requests.ExpectationOf(index);
        if (expect is not null)
        {
            _capture ??= new ResponseCapture();
            _capture.KeepBody = expect.NeedsBody;
        }

        return ExchangeAsync(request, isHead, index, expect, expect is null ? null : _capture);
    }

    /// <summary>
    /// Sends <paramref name="request"/> and reads its response, counted as request number <paramref name="index"/>
    /// of the run's table; with <paramref name="capture"/>, the response's headers (and body, if asked) are kept in
    /// it, and with <paramref name="expect"/> its checks are judged. A flow's steps come through here too.
    /// </summary>
    // One async method for send, receive and parse: a nested async call that suspends would cost a pooled box on
    // every request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<OperationResult> ExchangeAsync(ReadOnlyMemory<byte> request, bool isHead, int index, CompiledExpectation? expect, ResponseCapture? capture)
    {
        _parser.Capture = capture;
        if (_unsolicited)
        {
            // The last response came with bytes after it, on a connection already dropped (see Parse).
            _unsolicited = false;
            return Failure(ErrorKinds.Unsolicited, index);
        }

        for (var attempt = 0; ; attempt++)
        {
            if (_connection is null)
            {
                var connectError = await OpenAsync().ConfigureAwait(false);
                if (connectError is not null)
                {
                    return Failure(connectError, index);
                }
            }

            var connection = _connection!;
            var reused = _reused;
            _reused = true;
            _parser.Reset(isHead);
            try
            {
                if (reused && connection.HasPendingInput)
                {
                    // Bytes came while no request was outstanding (the client never pipelines): an extra response
                    // or garbage. Read as this request's answer they would fake a fast success, so they are
                    // counted against it, and the connection, now out of step, is dropped.
                    CloseConnection();
                    return Failure(ErrorKinds.Unsolicited, index);
                }

                await connection.SendAsync(request).ConfigureAwait(false);
                var status = ParseStatus.NeedMoreData;
                while (status == ParseStatus.NeedMoreData)
                {
                    var received = await connection.ReceiveAsync(_receive.AsMemory()).ConfigureAwait(false);
                    if (received == 0)
                    {
                        break;
                    }

                    status = Parse(received);
                }

                if (status == ParseStatus.NeedMoreData)
                {
                    // The server closed the connection.
                    var started = _parser.HasStarted;
                    status = _parser.OnEndOfStream();
                    CloseConnection();
                    if (status != ParseStatus.Complete)
                    {
                        if (!started && reused && attempt == 0)
                        {
                            // A keep-alive connection the server had closed while idle: send again on a new one,
                            // as browsers do; only on a reused connection, before any byte of a response arrived.
                            continue;
                        }

                        return Failure(ErrorKinds.Closed, index);
                    }
                }
                else if (status == ParseStatus.Malformed)
                {
                    // Not a response, so its status line (if it had one) counts for nothing: one request, one error.
                    CloseConnection();
                    return Failure(ErrorKinds.Malformed, index);
                }
                else if (!_parser.KeepAlive || _unsolicited)
                {
                    CloseConnection();
                }

                var result = new OperationResult(_parser.StatusCode, null, _parser.BodyBytes) { Request = index };
                if (expect is not null && capture is not null)
                {
                    using var json = expect.NeedsJson ? CompiledExpectation.ParseJson(capture) : null;
                    result = result with { Checked = true, FailedChecks = expect.Evaluate(_parser.StatusCode, capture, json?.RootElement) };
                }

                return result;
            }
            catch (EngineFaultException)
            {
                // The engine failed under this connection (its event loop died): the next operation opens a new
                // one; this one is counted as the engine's error, not the target's.
                CloseConnection();
                throw;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
            {
                CloseConnection();
                if (_abort.IsCancellationRequested)
                {
                    return Failure(ErrorKinds.Timeout, index);
                }

                if (reused && attempt == 0 && !_parser.HasStarted)
                {
                    continue;
                }

                return Failure(ErrorKinds.Reset, index);
            }
        }
    }

    private static OperationResult Failure(string kind, int index) => new(0, kind) { Request = index };

    public async ValueTask ConnectAsync()
    {
        if (_connection is null)
        {
            await OpenAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        _abortRegistration.Dispose();
        CloseConnection();
        return ValueTask.CompletedTask;
    }

    private ParseStatus Parse(int received)
    {
        var status = _parser.Parse(_receive.AsSpan(0, received), out var consumed);
        if (status == ParseStatus.Complete && consumed < received)
        {
            // Bytes past the response although only one request was outstanding: never the next request's answer.
            // The next request is charged with them, as it would have been answered by them.
            _unsolicited = true;
        }

        return status;
    }

    private async ValueTask<string?> OpenAsync()
    {
        IHttp1Connection connection;
        try
        {
            connection = EpollReactor.IsSupported
                ? await EpollHttp1Connection.ConnectAsync(_endPoint, _affinity, _abort).ConfigureAwait(false)
                : await SocketHttp1Connection.ConnectAsync(_endPoint, _abort).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return _abort.IsCancellationRequested ? ErrorKinds.Timeout : ErrorKinds.Connect;
        }

        _connection = connection;
        _reused = false;
        if (_abort.IsCancellationRequested)
        {
            CloseConnection();
            return ErrorKinds.Timeout;
        }

        return null;
    }

    private void CloseConnection()
    {
        var connection = Interlocked.Exchange(ref _connection, null);
        connection?.Dispose();
    }
}
