using System.Text;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// Reads the files a command takes as input (<c>--body-file</c>, <c>--requests-file</c>, <c>fit</c>'s data): regular
/// files of at most <see cref="MaxBytes"/>. A device (<c>/dev/urandom</c>, <c>/dev/zero</c>) or a pipe would be read
/// until the process is killed or out of memory; no request body, mix or data set comes near 16 MiB.
/// </summary>
internal static class InputFile
{
    /// <summary>The largest input file read: 16 MiB.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    /// <summary>The text of <paramref name="path"/>, or a <see cref="UsageException"/> naming <paramref name="what"/> (an option, or "the data file").</summary>
    public static string Read(string path, string what)
    {
        if (UnixFileType.Of(path) is { } type && type != UnixFileType.Regular)
        {
            throw new UsageException($"{what}: {path} is {UnixFileType.Describe(type)}, not a regular file");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
            // Read one byte past the limit, never more: a file that grows, or a device the type check could not see, stops here.
            var buffer = new byte[64 * 1024];
            var content = new MemoryStream();
            int read;
            while ((read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, MaxBytes + 1 - content.Length))) > 0)
            {
                content.Write(buffer, 0, read);
                if (content.Length > MaxBytes)
                {
                    throw new UsageException($"{what}: {path} is larger than {MaxBytes / (1024 * 1024)} MiB, the most an input file may be");
                }
            }

            content.Position = 0;
            using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{what}: cannot read {path}: {ex.Message.Split('\n')[0]}");
        }
    }
}
