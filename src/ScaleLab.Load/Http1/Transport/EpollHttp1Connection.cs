using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;
using ScaleLab.Load.Engine;

namespace ScaleLab.Load.Http1.Transport;

/// <summary>
/// A non-blocking socket driven by an <see cref="EpollReactor"/>. Reads wait for readiness first (a response is
/// never there the moment a request was sent, so trying would waste a system call) and are performed by the
/// reactor thread, which then runs the awaiting code inline. No allocation per operation: the awaitables are
/// reset and reused.
/// </summary>
/// <remarks>
/// Readiness is edge-triggered. Each direction has a state: idle, waiting (an awaiter is parked), ready (an
/// event came while nobody waited) or closed (final). Transitions are atomic so that the reactor thread, the
/// awaiting flow and a concurrent abort agree on who completes a parked awaiter: whoever swaps "waiting" out. No
/// transition leaves "closed", so an awaiter can never park on a connection already closed: it finds "closed"
/// where it would have parked.
/// </remarks>
internal sealed class EpollHttp1Connection : IHttp1Connection, IValueTaskSource<int>, IValueTaskSource
{
    private const int Idle = 0;
    private const int Waiting = 1;
    private const int Ready = 2;
    private const int Closed = 3;

    private readonly Socket _socket;
    private readonly EpollReactor _reactor;
    private readonly int _fd;
    private ManualResetValueTaskSourceCore<int> _read;
    private ManualResetValueTaskSourceCore<bool> _write;
    private Memory<byte> _readBuffer;
    private int _readState;
    private int _writeState;
    private int _disposed;
    private int _hungUp;
    private Exception? _fault;
    private bool _registered;

    private EpollHttp1Connection(Socket socket, EpollReactor reactor)
    {
        _socket = socket;
        _reactor = reactor;
        _fd = (int)socket.Handle;
        _read.RunContinuationsAsynchronously = false;
        _write.RunContinuationsAsynchronously = false;
    }

    public int Slot { get; set; }

    public uint Generation { get; set; }

    public static async ValueTask<IHttp1Connection> ConnectAsync(EndPoint endPoint, int affinity, CancellationToken abort)
    {
        // Only synchronous calls on a non-blocking socket: an asynchronous one would register the socket with
        // .NET's own epoll engine as well, and every response would then wake two event loops.
        if (!SocketBudget.TryTake())
        {
            throw new SocketException((int)SocketError.TooManyOpenSockets);
        }

        Socket socket;
        try
        {
            socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
        }
        catch (Exception ex)
        {
            SocketBudget.Return();
            if (ex is SocketException { SocketErrorCode: SocketError.TooManyOpenSockets })
            {
                SocketBudget.CountRefusal();
            }

            throw;
        }

        var connection = new EpollHttp1Connection(socket, EpollReactor.For(affinity));
        try
        {
            using var registration = abort.UnsafeRegister(static state => ((EpollHttp1Connection)state!).Dispose(), connection);
            var inProgress = false;
            try
            {
                socket.Connect(endPoint);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
                inProgress = true;
            }

            // Registered only once the connect has started: a socket that was never connected reports itself
            // writable and hung up, which would read as "connected" here.
            connection.Register();
            if (inProgress)
            {
                await connection.WaitWritableAsync().ConfigureAwait(false);
                var error = (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
                if (error != 0)
                {
                    throw new SocketException(error);
                }
            }

            abort.ThrowIfCancellationRequested();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> data)
    {
        var sent = _socket.Send(data.Span, SocketFlags.None, out var error);
        if (error == SocketError.Success && sent == data.Length)
        {
            return ValueTask.CompletedTask;
        }

        return error is SocketError.Success or SocketError.WouldBlock
            ? SendRestAsync(data[Math.Max(sent, 0)..])
            : ValueTask.FromException(new SocketException((int)error));
    }

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        while (true)
        {
            if (Interlocked.CompareExchange(ref _readState, Idle, Ready) == Ready)
            {
                var received = _socket.Receive(buffer.Span, SocketFlags.None, out var error);
                if (error == SocketError.Success)
                {
                    StayReadyIfMore(received, buffer.Length);
                    return new ValueTask<int>(received);
                }

                if (error != SocketError.WouldBlock)
                {
                    return ValueTask.FromException<int>(new SocketException((int)error));
                }
            }

            _readBuffer = buffer;
            _read.Reset();
            switch (Interlocked.CompareExchange(ref _readState, Waiting, Idle))
            {
                case Idle:
                    return new ValueTask<int>(this, _read.Version);
                case Closed:
                    return ValueTask.FromException<int>(ClosedError());
            }

            // An event came in between: read now.
        }
    }

    // Asks the kernel rather than the readiness state: the reactor thread may not have seen the event yet.
    public bool HasPendingInput => _socket.Available > 0;

    /// <summary>Called by the reactor thread with the events of this connection.</summary>
    public void OnEvents(uint events)
    {
        if ((events & (EpollNative.EpollErr | EpollNative.EpollHup | EpollNative.EpollRdHup)) != 0)
        {
            Volatile.Write(ref _hungUp, 1);
        }

        if ((events & (EpollNative.EpollIn | EpollNative.EpollErr | EpollNative.EpollHup | EpollNative.EpollRdHup)) != 0
            && MarkReady(ref _readState) == Waiting)
        {
            CompleteRead();
        }

        if ((events & (EpollNative.EpollOut | EpollNative.EpollErr | EpollNative.EpollHup)) != 0
            && MarkReady(ref _writeState) == Waiting)
        {
            // This thread swapped "waiting" out, so it alone completes the parked write.
            if (Interlocked.CompareExchange(ref _writeState, Idle, Ready) == Closed)
            {
                _write.SetException(ClosedError());
            }
            else
            {
                _write.SetResult(true);
            }
        }
    }

    /// <summary>
    /// Closes the connection because the engine failed under it (its event loop died): a parked operation ends
    /// with <paramref name="fault"/>, and so does every later one.
    /// </summary>
    public void Fail(EngineFaultException fault)
    {
        Interlocked.CompareExchange(ref _fault, fault, null);
        Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (_socket)
        {
            if (_registered)
            {
                _reactor.Unregister(Slot, _fd);
            }
        }

        _socket.Dispose();
        SocketBudget.Return();
        if (Interlocked.Exchange(ref _readState, Closed) == Waiting)
        {
            _read.SetException(ClosedError());
        }

        if (Interlocked.Exchange(ref _writeState, Closed) == Waiting)
        {
            _write.SetException(ClosedError());
        }
    }

    int IValueTaskSource<int>.GetResult(short token) => _read.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _read.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _read.OnCompleted(continuation, state, token, flags);

    void IValueTaskSource.GetResult(short token) => _write.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _write.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _write.OnCompleted(continuation, state, token, flags);

    private void Register()
    {
        lock (_socket)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            _reactor.Register(this, _fd);
            _registered = true;
        }
    }

    /// <summary>Sets a direction "ready" unless it is closed; returns the state it had.</summary>
    private static int MarkReady(ref int state)
    {
        while (true)
        {
            var current = Volatile.Read(ref state);
            if (current == Closed || Interlocked.CompareExchange(ref state, Ready, current) == current)
            {
                return current;
            }
        }
    }

    private Exception ClosedError() => Volatile.Read(ref _fault) ?? new ObjectDisposedException(nameof(EpollHttp1Connection));

    private void CompleteRead()
    {
        // This thread swapped "waiting" out, so it alone completes the parked read, on every path below.
        while (true)
        {
            if (Interlocked.CompareExchange(ref _readState, Idle, Ready) == Closed)
            {
                _read.SetException(ClosedError());
                return;
            }

            int received;
            SocketError error;
            try
            {
                received = _socket.Receive(_readBuffer.Span, SocketFlags.None, out error);
            }
            catch (ObjectDisposedException)
            {
                _read.SetException(ClosedError());
                return;
            }

            if (error == SocketError.WouldBlock)
            {
                switch (Interlocked.CompareExchange(ref _readState, Waiting, Idle))
                {
                    case Idle:
                        // A spurious wake-up: parked again.
                        return;
                    case Closed:
                        _read.SetException(ClosedError());
                        return;
                }

                // An event arrived meanwhile (the state is "ready" again): take it now.
                continue;
            }

            if (error == SocketError.Success)
            {
                StayReadyIfMore(received, _readBuffer.Length);
                _read.SetResult(received);
            }
            else
            {
                _read.SetException(new SocketException((int)error));
            }

            return;
        }
    }

    /// <summary>
    /// Edge-triggered readiness fires once per arrival, so a read that may have left bytes behind (it filled the
    /// buffer) or a peer that hung up (the next read returns at once: end of stream or the reset) keeps the
    /// connection "ready"; otherwise the next read waits for the next event, with no speculative system call.
    /// </summary>
    private void StayReadyIfMore(int received, int capacity)
    {
        if (received == capacity || Volatile.Read(ref _hungUp) != 0)
        {
            Interlocked.CompareExchange(ref _readState, Ready, Idle);
        }
    }

    private ValueTask WaitWritableAsync()
    {
        if (Interlocked.CompareExchange(ref _writeState, Idle, Ready) == Ready)
        {
            return ValueTask.CompletedTask;
        }

        _write.Reset();
        switch (Interlocked.CompareExchange(ref _writeState, Waiting, Idle))
        {
            case Idle:
                return new ValueTask(this, _write.Version);
            case Closed:
                return ValueTask.FromException(ClosedError());
        }

        // An event came in between: writable now.
        Interlocked.CompareExchange(ref _writeState, Idle, Ready);
        return ValueTask.CompletedTask;
    }

    private async ValueTask SendRestAsync(ReadOnlyMemory<byte> rest)
    {
        while (rest.Length > 0)
        {
            await WaitWritableAsync().ConfigureAwait(false);
            var sent = _socket.Send(rest.Span, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                rest = rest[sent..];
            }
            else if (error != SocketError.WouldBlock)
            {
                throw new SocketException((int)error);
            }
        }
    }
}
