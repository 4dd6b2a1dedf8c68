using System.Runtime.InteropServices;
using ScaleLab.Load.Engine;

namespace ScaleLab.Load.Http1.Transport;

/// <summary>
/// An event loop like wrk's: one thread waits on one epoll set and completes the connections' reads and writes
/// itself, so a response's continuation (record it, send the next request) runs right there, with no hand-off to
/// another thread and no speculative read before the data is there. Measured against .NET's socket engine, this
/// is what brings the generator's CPU per request down to wrk's.
/// </summary>
/// <remarks>
/// If a loop ever fails (epoll_wait fails, or handling an event throws), its connections must not hang in silence:
/// each is closed with an <see cref="EngineFaultException"/>, which the run counts as an engine error, and a new
/// loop takes the dead one's place for the connections opened from then on.
/// </remarks>
internal sealed unsafe class EpollReactor
{
    private const int MaxEvents = 256;
    private const int WaitMilliseconds = 1000;

    private static readonly Lazy<EpollReactor[]?> Reactors = new(CreateReactors);

    private readonly int _epollFd;
    private readonly int _index;
    private readonly Lock _slotsLock = new();
    private readonly Stack<int> _freeSlots = new();
    private EpollHttp1Connection?[] _slots = new EpollHttp1Connection?[64];
    private uint[] _generations = new uint[64];
    private int _nextSlot;
    private string? _failure;
    private int _failureInjected;

    private EpollReactor(int epollFd, int index)
    {
        _epollFd = epollFd;
        _index = index;
        var thread = new Thread(Loop) { IsBackground = true, Name = $"scalelab-epoll-{index}" };
        thread.Start();
    }

    /// <summary>True where the event loop can run (Linux on x86-64 or arm64 with glibc).</summary>
    public static bool IsSupported => Reactors.Value is not null;

    /// <summary>The reactor for the connection numbered <paramref name="affinity"/>: connections spread over one loop per core.</summary>
    public static EpollReactor For(int affinity)
    {
        var reactors = Reactors.Value ?? throw new PlatformNotSupportedException("epoll is not available");
        return Volatile.Read(ref reactors[(int)((uint)affinity % (uint)reactors.Length)]);
    }

    /// <summary>Makes every loop running now fail as if epoll_wait had failed: for tests of the engine's fault handling.</summary>
    internal static void InjectFailureInEach()
    {
        foreach (var reactor in Reactors.Value ?? [])
        {
            Volatile.Write(ref reactor._failureInjected, 1);
        }
    }

    public void Register(EpollHttp1Connection connection, int fd)
    {
        int slot;
        uint generation;
        lock (_slotsLock)
        {
            if (_failure is not null)
            {
                throw new EngineFaultException($"the event loop {_index} failed ({_failure})");
            }

            if (!_freeSlots.TryPop(out slot))
            {
                slot = _nextSlot++;
                if (slot == _slots.Length)
                {
                    Array.Resize(ref _generations, slot * 2);
                    var grown = new EpollHttp1Connection?[slot * 2];
                    Array.Copy(_slots, grown, slot);
                    Volatile.Write(ref _slots, grown);
                }
            }

            generation = ++_generations[slot];
            Volatile.Write(ref _slots[slot], connection);
        }

        connection.Slot = slot;
        connection.Generation = generation;
        var registration = stackalloc byte[16];
        EpollNative.WriteEvent(
            registration,
            EpollNative.EpollIn | EpollNative.EpollOut | EpollNative.EpollRdHup | EpollNative.EpollEt,
            (ulong)generation << 32 | (uint)slot);
        if (Interop.EpollControl(_epollFd, EpollNative.EpollCtlAdd, fd, registration) != 0)
        {
            Release(slot);
            throw new System.Net.Sockets.SocketException(Marshal.GetLastPInvokeError());
        }
    }

    public void Unregister(int slot, int fd)
    {
        var ignored = stackalloc byte[16];
        _ = Interop.EpollControl(_epollFd, EpollNative.EpollCtlDel, fd, ignored);
        Release(slot);
    }

    private static EpollReactor[]? CreateReactors()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64)
            || Environment.GetEnvironmentVariable("SCALELAB_TRANSPORT") == "sockets")
        {
            return null;
        }

        try
        {
            // One loop per core the process may use (taskset and cgroup limits count), as .NET sizes its own engines.
            var reactors = new EpollReactor[Environment.ProcessorCount];
            for (var i = 0; i < reactors.Length; i++)
            {
                if (TryCreate(i) is not { } reactor)
                {
                    return null;
                }

                reactors[i] = reactor;
            }

            return reactors;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static EpollReactor? TryCreate(int index)
    {
        var fd = Interop.EpollCreate(EpollNative.EpollCloExec);
        return fd < 0 ? null : new EpollReactor(fd, index);
    }

    private void Release(int slot)
    {
        lock (_slotsLock)
        {
            Volatile.Write(ref _slots[slot], null);
            _generations[slot]++;
            _freeSlots.Push(slot);
        }
    }

    private void Loop()
    {
        string failure;
        try
        {
            failure = Run();
        }
        catch (Exception ex)
        {
            failure = $"{ex.GetType().Name}: {ex.Message}";
        }

        Die(failure);
    }

    /// <summary>Waits for and dispatches events until epoll itself fails; returns why.</summary>
    private string Run()
    {
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * EpollNative.EventSize));
        try
        {
            while (true)
            {
                var count = Interop.EpollWait(_epollFd, events, MaxEvents, WaitMilliseconds);
                if (Volatile.Read(ref _failureInjected) != 0)
                {
                    return "failure injected";
                }

                if (count < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == EpollNative.EIntr)
                    {
                        continue;
                    }

                    return $"epoll_wait failed with errno {errno}";
                }

                for (var i = 0; i < count; i++)
                {
                    var entry = events + (i * EpollNative.EventSize);
                    var data = EpollNative.ReadData(entry);
                    var slot = (int)(uint)data;
                    var slots = Volatile.Read(ref _slots);
                    var connection = (uint)slot < (uint)slots.Length ? Volatile.Read(ref slots[slot]) : null;
                    // A connection closed after epoll_wait returned, or a slot reused since, is skipped.
                    if (connection is not null && connection.Generation == (uint)(data >> 32))
                    {
                        Dispatch(connection, EpollNative.ReadEvents(entry));
                    }
                }
            }
        }
        finally
        {
            NativeMemory.Free(events);
        }
    }

    private void Dispatch(EpollHttp1Connection connection, uint events)
    {
        try
        {
            connection.OnEvents(events);
        }
        catch (Exception ex)
        {
            // A fault in one connection's handling must neither kill the loop nor leave that connection hanging.
            connection.Fail(new EngineFaultException($"the event loop {_index} failed on a connection ({ex.GetType().Name}: {ex.Message})", ex));
        }
    }

    /// <summary>
    /// The loop is over: refuses new connections, puts a new loop in its place, then fails every connection it
    /// held, so that their operations end as engine errors now instead of hanging until their timeouts.
    /// </summary>
    private void Die(string failure)
    {
        EpollHttp1Connection[] held;
        lock (_slotsLock)
        {
            _failure = failure;
            held = [.. _slots.OfType<EpollHttp1Connection>()];
        }

        // Replaced first: a failed operation's continuation runs on this thread and may reconnect at once.
        var reactors = Reactors.Value!;
        if (TryCreate(_index) is { } replacement)
        {
            Interlocked.CompareExchange(ref reactors[_index], replacement, this);
        }

        foreach (var connection in held)
        {
            connection.Fail(new EngineFaultException($"the event loop {_index} failed ({failure}): its connections were closed"));
        }
    }
}
