using System.Runtime.InteropServices;

namespace ScaleLab.Load.Engine;

/// <summary>getrlimit and setrlimit (glibc), for the process's limit on open file descriptors.</summary>
internal static partial class ResourceLimitNative
{
    /// <summary>RLIMIT_NOFILE on Linux.</summary>
    public const int NoFile = 7;

    private const string Libc = "libc.so.6";

    [LibraryImport(Libc, EntryPoint = "getrlimit", SetLastError = true)]
    public static partial int Get(int resource, out Limit limit);

    [LibraryImport(Libc, EntryPoint = "setrlimit", SetLastError = true)]
    public static partial int Set(int resource, in Limit limit);

    /// <summary>struct rlimit: the soft limit (what applies) and the hard one (how far the soft one may be raised).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Limit
    {
        public ulong Soft;
        public ulong Hard;
    }
}
