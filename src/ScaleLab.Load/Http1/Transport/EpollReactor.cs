using System.Runtime.InteropServices;

namespace ScaleLab.Load.Http1.Transport;

/// <summary>
/// An event loop like wrk's: one thread waits on one epoll set and completes the connections' reads and writes
/// itself, so a response's continuation (record it, send the next request) runs right there, with no hand-off to
/// another thread and no speculative read before the data is there. Measured against .NET's socket engine, this
/// is what brings the generator's CPU per request down to wrk's.
/// </summary>
internal sealed unsafe class EpollReactor
{
    private const int MaxEvents = 256;
    private const int WaitMilliseconds = 1000;

    private static readonly Lazy<EpollReactor[]?> Reactors = new(CreateReactors);

    private readonly int _epollFd;
    private readonly Lock _slotsLock = new();
    private readonly Stack<int> _freeSlots = new();
    private EpollHttp1Connection?[] _slots = new EpollHttp1Connection?[64];
    private uint[] _generations = new uint[64];
    private int _nextSlot;

    private EpollReactor(int epollFd, int index)
    {
        _epollFd = epollFd;
        var thread = new Thread(Loop) { IsBackground = true, Name = $"scalelab-epoll-{index}" };
        thread.Start();
    }

    /// <summary>True where the event loop can run (Linux on x86-64 or arm64 with glibc).</summary>
    public static bool IsSupported => Reactors.Value is not null;

    /// <summary>The reactor for the connection numbered <paramref name="affinity"/>: connections spread over one loop per core.</summary>
    public static EpollReactor For(int affinity)
    {
        var reactors = Reactors.Value ?? throw new PlatformNotSupportedException("epoll is not available");
        return reactors[(int)((uint)affinity % (uint)reactors.Length)];
    }

    public void Register(EpollHttp1Connection connection, int fd)
    {
        int slot;
        uint generation;
        lock (_slotsLock)
        {
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
        if (EpollNative.Control(_epollFd, EpollNative.EpollCtlAdd, fd, registration) != 0)
        {
            Release(slot);
            throw new System.Net.Sockets.SocketException(Marshal.GetLastPInvokeError());
        }
    }

    public void Unregister(int slot, int fd)
    {
        var ignored = stackalloc byte[16];
        _ = EpollNative.Control(_epollFd, EpollNative.EpollCtlDel, fd, ignored);
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
                var fd = EpollNative.Create(EpollNative.EpollCloExec);
                if (fd < 0)
                {
                    return null;
                }

                reactors[i] = new EpollReactor(fd, i);
            }

            return reactors;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
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
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * EpollNative.EventSize));
        while (true)
        {
            var count = EpollNative.Wait(_epollFd, events, MaxEvents, WaitMilliseconds);
            if (count < 0)
            {
                if (Marshal.GetLastPInvokeError() == EpollNative.EIntr)
                {
                    continue;
                }

                // The epoll set itself failed: nothing this loop can recover; connections time out and reconnect.
                return;
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
                    connection.OnEvents(EpollNative.ReadEvents(entry));
                }
            }
        }
    }
}
