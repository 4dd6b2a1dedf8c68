using System.Runtime.InteropServices;

namespace ScaleLab.Cli;

/// <summary>Every libc call of the CLI, in one place. Each caller checks for Linux and catches a missing entry point.</summary>
internal static partial class Interop
{
    private const string Libc = "libc";

    /// <summary>statx(2) into <paramref name="buffer"/> (struct statx, 256 bytes): 0, or -1 with errno set.</summary>
    [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int directory, string path, int flags, uint mask, Span<byte> buffer);
}
