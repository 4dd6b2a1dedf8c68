using System.Globalization;
using System.Text;
using HdrHistogram;
using ScaleLab.Core.Results;

namespace ScaleLab.Cli.Output;

/// <summary>
/// Writes a run's interval histograms in HdrHistogram's log format (version 1.3, compressed histograms), which
/// HdrHistogram's readers in every language, HistogramLogProcessor and ScaleLab's own merge can read and add up.
/// Each interval is written as the run takes it, so that a long run holds none of them in memory; the log goes to a
/// temporary file beside the target, moved over it once complete, so the file is whole or not there at all.
/// </summary>
/// <remarks>
/// Written here rather than by HdrHistogram.NET's HistogramLogWriter, which writes UTF-16 with a byte-order mark and
/// formats numbers in the current culture: the format is ASCII lines with '.' decimals, as the Java reference
/// writer makes them. The lines, byte for byte as that writer prints them:
/// <code>
/// #[Histogram log format version 1.3]
/// #[StartTime: 1764433807.123 (seconds since epoch), Sun Nov 29 16:30:07 UTC 2026]
/// #[BaseTime: 1764433807.123 (seconds since epoch)]
/// "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
/// 0.000,1.000,2.345,HISTFAAAA…
/// </code>
/// Interval start times are seconds since the base time; an interval with a tag starts with <c>Tag=NAME,</c>.
/// </remarks>
internal sealed class HdrLogFile : IDisposable
{
    private const string FormatVersion = "1.3";

    /// <summary>
    /// Divides a histogram's max for the Interval_Max column. ScaleLab records microseconds, so this puts the column
    /// in milliseconds, the unit the reference writer's default (nanoseconds / 1e6) gives it.
    /// </summary>
    private const double MaxValueUnitRatio = 1000.0;

    private readonly string _path;
    private readonly string _temporary;
    private readonly FileStream _stream;
    private readonly StreamWriter _writer;
    private readonly DateTimeOffset? _startedAt;
    private long? _baseMs;
    private bool _completed;

    private HdrLogFile(string path, string temporary, FileStream stream, DateTimeOffset? startedAt)
    {
        _path = path;
        _temporary = temporary;
        _stream = stream;
        _writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\n" };
        _startedAt = startedAt;
    }

    /// <summary>
    /// Opens the log. <paramref name="startedAt"/> is the log's start and base time; without it, the first
    /// interval's start is.
    /// </summary>
    /// <exception cref="UsageException">The file can't be written.</exception>
    public static HdrLogFile Create(string path, DateTimeOffset? startedAt = null)
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
            return new HdrLogFile(full, temporary, File.Create(temporary), startedAt);
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
            var baseMs = StartOnce(DateTimeOffset.FromUnixTimeMilliseconds(interval.StartTimeStamp));
            var startSeconds = (interval.StartTimeStamp - baseMs) / 1000.0;
            var endSeconds = (interval.EndTimeStamp - baseMs) / 1000.0;
            if (interval.Tag is { } tag)
            {
                _writer.Write($"Tag={tag},");
            }

            _writer.Write(Invariant($"{startSeconds:F3},{endSeconds - startSeconds:F3},{interval.GetMaxValue() / MaxValueUnitRatio:F3},{Compressed(interval)}\n"));
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

    /// <summary>Writes the header once (format version, start and base time, legend) and returns the base time.</summary>
    private long StartOnce(DateTimeOffset firstSeen)
    {
        if (_baseMs is { } known)
        {
            return known;
        }

        var start = _startedAt ?? firstSeen;
        var startMs = start.ToUnixTimeMilliseconds();
        // Readers take no negative time stamp, so the base is never after the first interval.
        var baseMs = Math.Min(startMs, firstSeen.ToUnixTimeMilliseconds());
        _writer.Write($"#[Histogram log format version {FormatVersion}]\n");
        _writer.Write(Invariant($"#[StartTime: {startMs / 1000.0:F3} (seconds since epoch), {start.ToUniversalTime().ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture)}]\n"));
        _writer.Write(Invariant($"#[BaseTime: {baseMs / 1000.0:F3} (seconds since epoch)]\n"));
        _writer.Write("\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n");
        _baseMs = baseMs;
        return baseMs;
    }

    /// <summary>The same bytes a run result's <c>latencyHistogram</c> holds: one encoding for both.</summary>
    private static string Compressed(HistogramBase histogram) => LatencyHistogramCodec.Encode(histogram);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
