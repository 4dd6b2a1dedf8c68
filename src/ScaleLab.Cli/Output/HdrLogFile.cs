using System.Globalization;
using System.Text;
using HdrHistogram;
using HdrHistogram.Utilities;

namespace ScaleLab.Cli.Output;

/// <summary>
/// Writes a run's interval histograms in HdrHistogram's log format (version 1.3, compressed histograms), which
/// HdrHistogram's readers in every language, HistogramLogProcessor and ScaleLab's own merge can read and add up.
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
internal static class HdrLogFile
{
    private const string FormatVersion = "1.3";

    /// <summary>
    /// Divides a histogram's max for the Interval_Max column. ScaleLab records microseconds, so this puts the column
    /// in milliseconds, the unit the reference writer's default (nanoseconds / 1e6) gives it.
    /// </summary>
    private const double MaxValueUnitRatio = 1000.0;

    public static void Write(string path, DateTimeOffset startedAt, IReadOnlyList<HistogramBase> intervals) =>
        ResultFile.WriteAtomically(path, stream =>
        {
            using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\n" };
            Write(writer, startedAt, intervals);
        });

    /// <summary>Writes the log's lines to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, DateTimeOffset startedAt, IReadOnlyList<HistogramBase> intervals)
    {
        var startMs = startedAt.ToUnixTimeMilliseconds();
        // Readers take no negative time stamp, so the base is never after the first interval.
        var baseMs = intervals.Count == 0 ? startMs : Math.Min(startMs, intervals.Min(h => h.StartTimeStamp));
        var start = startedAt.ToUniversalTime();
        writer.Write($"#[Histogram log format version {FormatVersion}]\n");
        writer.Write(Invariant($"#[StartTime: {startMs / 1000.0:F3} (seconds since epoch), {start.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture)}]\n"));
        writer.Write(Invariant($"#[BaseTime: {baseMs / 1000.0:F3} (seconds since epoch)]\n"));
        writer.Write("\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n");
        foreach (var histogram in intervals)
        {
            var startSeconds = (histogram.StartTimeStamp - baseMs) / 1000.0;
            var endSeconds = (histogram.EndTimeStamp - baseMs) / 1000.0;
            if (histogram.Tag is { } tag)
            {
                writer.Write($"Tag={tag},");
            }

            writer.Write(Invariant($"{startSeconds:F3},{endSeconds - startSeconds:F3},{histogram.GetMaxValue() / MaxValueUnitRatio:F3},{Compressed(histogram)}\n"));
        }
    }

    private static string Compressed(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = histogram.EncodeIntoCompressedByteBuffer(buffer);
        // The buffer's array is not public; its bytes are, one at a time from a position.
        var bytes = new byte[length];
        buffer.Position = 0;
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }

        return Convert.ToBase64String(bytes);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
