using HdrHistogram;

namespace ScaleLab.Cli.Output;

/// <summary>
/// Writes a run's interval histograms in HdrHistogram's own log format (version 1.2, compressed histograms), which
/// HdrHistogram's readers in every language, HistogramLogProcessor and ScaleLab's own merge can read and add up.
/// Each interval is written as the run takes it, so that a long run holds none of them in memory; the log goes to a
/// temporary file beside the target, moved over it once complete, so the file is whole or not there at all.
/// </summary>
internal sealed class HdrLogFile : IDisposable
{
    private readonly string _path;
    private readonly string _temporary;
    private readonly FileStream _stream;
    private readonly HistogramLogWriter _writer;
    private bool _started;
    private bool _completed;

    private HdrLogFile(string path, string temporary, FileStream stream)
    {
        _path = path;
        _temporary = temporary;
        _stream = stream;
        _writer = new HistogramLogWriter(stream);
    }

    /// <exception cref="UsageException">The file can't be written.</exception>
    public static HdrLogFile Create(string path)
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
            return new HdrLogFile(full, temporary, File.Create(temporary));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {path}: {ex.Message}");
        }
    }

    /// <summary>Writes one interval's histogram (its start and end set); the caller may reuse it afterwards.</summary>
    /// <exception cref="UsageException">The file can't be written (a full disk): the run stops with one line.</exception>
    public void Append(HistogramBase interval)
    {
        try
        {
            StartOnce(DateTimeOffset.FromUnixTimeMilliseconds(interval.StartTimeStamp));
            _writer.Append(interval);
        }
        catch (IOException ex)
        {
            throw new UsageException($"cannot write {_path}: {ex.Message}");
        }
    }

    /// <summary>Finishes the log and moves it into place.</summary>
    /// <exception cref="UsageException">The file can't be written.</exception>
    public void Complete(DateTimeOffset startedAt)
    {
        try
        {
            StartOnce(startedAt);
            _writer.Dispose();
            _stream.Dispose();
            File.Move(_temporary, _path, overwrite: true);
            _completed = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {_path}: {ex.Message}");
        }
    }

    public void Dispose()
    {
        if (!_completed)
        {
            try
            {
                _writer.Dispose();
                _stream.Dispose();
            }
            catch (IOException)
            {
                // The log is abandoned (the run failed, or the disk is full): only the temporary file matters now.
            }

            File.Delete(_temporary);
        }
    }

    private void StartOnce(DateTimeOffset startedAt)
    {
        if (!_started)
        {
            // The header alone (format version, start time, legend): no histogram yet.
            _writer.Write(startedAt.UtcDateTime);
            _started = true;
        }
    }
}
