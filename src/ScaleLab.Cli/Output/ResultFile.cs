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

    public static void WriteAtomically(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"cannot write {path}: the folder {directory} does not exist");
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
            File.Delete(temporary);
            throw new UsageException($"cannot write {path}: {ex.Message}");
        }
    }
}
