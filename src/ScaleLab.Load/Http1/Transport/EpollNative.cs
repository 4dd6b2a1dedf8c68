using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ScaleLab.Load.Http1.Transport;

/// <summary>The constants and struct epoll_event layout of the Linux epoll calls in <see cref="Interop"/>.</summary>
internal static unsafe class EpollNative
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

    /// <summary>
    /// struct epoll_event is packed on x86-64 (12 bytes: events, then the 64-bit data at offset 4) and naturally
    /// aligned elsewhere (16 bytes, data at offset 8).
    /// </summary>
    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    public static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    public static void WriteEvent(byte* slot, uint events, ulong data)
    {
        *(uint*)slot = events;
        Unsafe.WriteUnaligned(slot + DataOffset, data);
    }

    public static uint ReadEvents(byte* slot) => *(uint*)slot;

    public static ulong ReadData(byte* slot) => Unsafe.ReadUnaligned<ulong>(slot + DataOffset);
}
