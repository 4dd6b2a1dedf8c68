using System.Runtime.InteropServices;

namespace ScaleLab.Lab;

/// <summary>
/// Every libc call of the lab, in one place: what .NET does not expose (signals to any pid, user ids, chown, the
/// parent-death signal, a thread's CPU clock). Each caller checks for Linux and catches a missing entry point.
/// </summary>
internal static partial class Interop
{
    private const string Libc = "libc";

    /// <summary>kill(2): 0, or -1 with errno set.</summary>
    [LibraryImport(Libc, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport(Libc, EntryPoint = "getuid")]
    internal static partial uint GetUid();

    [LibraryImport(Libc, EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUid();

    /// <summary>chown(2): 0, or -1 with errno set.</summary>
    [LibraryImport(Libc, EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Chown(string path, int owner, int group);

    /// <summary>prctl(2): 0, or -1 with errno set.</summary>
    [LibraryImport(Libc, EntryPoint = "prctl", SetLastError = true)]
    internal static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    /// <summary>sched_setaffinity(2) for one thread (a tid, or a pid for its main thread): 0, or -1 with errno set.</summary>
    [LibraryImport(Libc, EntryPoint = "setpriority", SetLastError = true)]
    internal static partial int SetPriority(int which, uint who, int priority);

    [LibraryImport(Libc, EntryPoint = "sched_setaffinity", SetLastError = true)]
    internal static partial int SchedSetAffinity(int pid, nuint cpuSetSize, ReadOnlySpan<ulong> mask);

    /// <summary>clock_gettime(2): 0, or -1.</summary>
    [LibraryImport(Libc, EntryPoint = "clock_gettime")]
    internal static partial int ClockGetTime(int clockId, out TimeSpec time);

    /// <summary>struct timespec on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
