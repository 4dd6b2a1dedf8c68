using ScaleLab.Core.Results;

namespace ScaleLab.Cli.Output;

/// <summary>Writes result files whole or not at all: to a temporary file beside the target, then moved over it.</summary>
internal static class ResultFile
{
    public static void WriteJson<T>(string path, T result) =>
        WriteAtomically(path, stream =>
        {
            using var writer = new StreamWriter(stream);
            writer.Write(ResultJson.Serialize(result));
            writer.Write('\n');
        });

    /// <summary>
    /// Checks, before any work, that <paramref name="path"/> can be written: a file name (not a folder) in a folder
    /// that exists and takes a new file (one is created beside it and deleted). A long run must not find out at its end
    /// that its result has nowhere to go.
    /// </summary>
    public static void CheckWritable(string path, string option)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UsageException($"{option} {path}: not a usable file name ({ex.Message.Split('\n')[0]})");
        }

        if (Path.EndsInDirectorySeparator(path) || Directory.Exists(full))
        {
            throw new UsageException($"{option} {path}: that is a folder; give a file name");
        }

        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"{option} {path}: the folder {directory} does not exist");
        }

        if (IsSpecial(full))
        {
            return; // /dev/stdout, /dev/null, a pipe: written straight into, never replaced
        }

        var probe = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.check");
        try
        {
            using (File.Open(probe, FileMode.CreateNew, FileAccess.Write))
            {
            }

            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {path}: cannot write in {directory} ({ex.Message.Split('\n')[0]})");
        }
    }

    public static void WriteAtomically(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"cannot write {path}: the folder {directory} does not exist");
        }

        if (IsSpecial(full))
        {
            // Moving a file over /dev/null (as root) would replace the device: write into it instead.
            try
            {
                using var stream = new FileStream(full, FileMode.Open, FileAccess.Write);
                write(stream);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write {path}: {ex.Message.Split('\n')[0]}");
            }
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = File.Create(temporary))
            {
                write(stream);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // The temporary file was never made, or cannot be removed: the error that matters is the one below.
            }

            throw new UsageException($"cannot write {path}: {ex.Message.Split('\n')[0]}");
        }
    }

    /// <summary>True for an existing file that is not a regular one (a device, a pipe): it is written into, not replaced.</summary>
    private static bool IsSpecial(string path) =>
        File.Exists(path) && Commands.UnixFileType.Of(path) is { } type && type != Commands.UnixFileType.Regular;
}
