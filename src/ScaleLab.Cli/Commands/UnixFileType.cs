using System.Runtime.InteropServices;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// The type of a file, from statx(2): .NET tells a folder from a file, but not a regular file from a device or a
/// pipe, and opening a pipe to find out would block until someone writes to it.
/// </summary>
internal static class UnixFileType
{
    public const int Regular = 0x8000;
    private const int Directory = 0x4000;
    private const int CharacterDevice = 0x2000;
    private const int BlockDevice = 0x6000;
    private const int Fifo = 0x1000;
    private const int Socket = 0xC000;
    private const int TypeMask = 0xF000;

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;

    /// <summary>The S_IFMT bits of <paramref name="path"/> (symbolic links followed); null when they cannot be read (not Linux, no such file).</summary>
    public static int? Of(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // struct statx is the same on every architecture: stx_mode is the u16 at offset 28 of 256 bytes.
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            return Interop.Statx(AtFdCwd, path, 0, StatxType, buffer) == 0 ? MemoryMarshal.Read<ushort>(buffer[28..]) & TypeMask : null;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null; // a libc without statx (glibc before 2.28): the size limit still bounds the read
        }
    }

    public static string Describe(int type) => type switch
    {
        Directory => "a folder",
        CharacterDevice or BlockDevice => "a device",
        Fifo => "a pipe",
        Socket => "a socket",
        _ => "not a regular file",
    };
}
