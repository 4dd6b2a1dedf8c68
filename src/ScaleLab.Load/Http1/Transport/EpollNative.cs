using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ScaleLab.Load.Http1.Transport;

/// <summary>The Linux epoll calls the engine's event loop needs (glibc).</summary>
internal static unsafe partial class EpollNative
{
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    public const uint EpollRdHup = 0x2000;
    public const uint EpollEt = 1u << 31;
    public const int EpollCloExec = 0x80000;
    public const int EIntr = 4;

    private const string Libc = "libc.so.6";

    /// <summary>
    /// struct epoll_event is packed on x86-64 (12 bytes: events, then the 64-bit data at offset 4) and naturally
    /// aligned elsewhere (16 bytes, data at offset 8).
    /// </summary>
    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    public static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [LibraryImport(Libc, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int Create(int flags);

    [LibraryImport(Libc, EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int Control(int epollFd, int operation, int fd, byte* @event);

    [LibraryImport(Libc, EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int Wait(int epollFd, byte* events, int maxEvents, int timeoutMilliseconds);

    public static void WriteEvent(byte* slot, uint events, ulong data)
    {
        *(uint*)slot = events;
        Unsafe.WriteUnaligned(slot + DataOffset, data);
    }

    public static uint ReadEvents(byte* slot) => *(uint*)slot;

    public static ulong ReadData(byte* slot) => Unsafe.ReadUnaligned<ulong>(slot + DataOffset);
}
