using System.Runtime.InteropServices;

namespace ScaleLab.Load;

/// <summary>Every libc call of the load engine, in one place. Each caller catches a missing entry point.</summary>
internal static partial class Interop
{
    private const string Libc = "libc.so.6";

    /// <summary>RLIMIT_NOFILE on Linux: the limit on open file descriptors.</summary>
    internal const int RLimitNoFile = 7;

    /// <summary>sysconf(3): C <c>long</c>, pointer-sized on Linux; -1 for an unknown name.</summary>
    [LibraryImport(Libc, EntryPoint = "sysconf")]
    internal static partial nint SysConf(int name);

    /// <summary>epoll_create1(2): a new epoll instance, or -1 (errno set).</summary>
    [LibraryImport(Libc, EntryPoint = "epoll_create1", SetLastError = true)]
    internal static partial int EpollCreate(int flags);

    /// <summary>epoll_ctl(2): adds or removes <paramref name="fd"/>; <paramref name="event"/> is a struct epoll_event.</summary>
    [LibraryImport(Libc, EntryPoint = "epoll_ctl", SetLastError = true)]
    internal static unsafe partial int EpollControl(int epollFd, int operation, int fd, byte* @event);

    /// <summary>epoll_wait(2): the ready events, at most <paramref name="maxEvents"/>, after at most the timeout.</summary>
    [LibraryImport(Libc, EntryPoint = "epoll_wait", SetLastError = true)]
    internal static unsafe partial int EpollWait(int epollFd, byte* events, int maxEvents, int timeoutMilliseconds);

    /// <summary>getrlimit(2).</summary>
    [LibraryImport(Libc, EntryPoint = "getrlimit", SetLastError = true)]
    internal static partial int GetResourceLimit(int resource, out ResourceLimit limit);

    /// <summary>setrlimit(2).</summary>
    [LibraryImport(Libc, EntryPoint = "setrlimit", SetLastError = true)]
    internal static partial int SetResourceLimit(int resource, in ResourceLimit limit);

    /// <summary>struct rlimit: the soft limit (what applies) and the hard one (how far the soft one may be raised).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ResourceLimit
    {
        public ulong Soft;
        public ulong Hard;
    }
}
