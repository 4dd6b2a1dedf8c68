using System.Runtime.InteropServices;

namespace ScaleLab.Load;

/// <summary>Every libc call of the load engine, in one place. Each caller catches a missing entry point.</summary>
internal static partial class Interop
{
    private const string Libc = "libc.so.6";

    /// <summary>sysconf(3): C <c>long</c>, pointer-sized on Linux; -1 for an unknown name.</summary>
    [LibraryImport(Libc, EntryPoint = "sysconf")]
    internal static partial nint SysConf(int name);
}
