using System.Globalization;
using ScaleLab.Core.Merging;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// Reads an HdrHistogram log (the format <c>run --hdr</c> writes, and HdrHistogram's log writers in every language):
/// its intervals placed on absolute time, or one line saying why it can't.
/// </summary>
/// <remarks>
/// Times follow the reference reader: an interval starts at the log's base time plus its offset; a log without a
/// BaseTime line has absolute offsets, unless they lie more than a year before its StartTime (then they count from it).
/// </remarks>
internal static class HdrLogInput
{
    private const string Legend = "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"";

    /// <summary>A log read: its intervals on absolute time and when it started (Unix milliseconds).</summary>
    public sealed record Log(IReadOnlyList<LoggedInterval> Intervals, long StartMs);

    /// <summary>True when <paramref name="text"/> reads as an HdrHistogram log: its first line is one of the format's.</summary>
    public static bool LooksLikeLog(string text)
    {
        var first = text.AsSpan().TrimStart();
        var end = first.IndexOf('\n');
        var line = (end < 0 ? first : first[..end]).TrimEnd().ToString();
        return line.StartsWith("#[", StringComparison.Ordinal) || line == Legend || line.StartsWith("Tag=", StringComparison.Ordinal)
            || (line.Split(',') is [var start, var length, var max, _] && IsNumber(start) && IsNumber(length) && IsNumber(max));
    }

    /// <summary>The log in <paramref name="text"/>, read from <paramref name="path"/>.</summary>
    /// <exception cref="UsageException">A line that is neither a comment, the legend nor an interval.</exception>
    public static Log Parse(string path, string text)
    {
        double? startSeconds = null;
        double? baseSeconds = null;
        var intervals = new List<LoggedInterval>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r', ' ');
            if (line.Length == 0 || line == Legend)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                startSeconds ??= HeaderSeconds(line, "#[StartTime: ");
                baseSeconds ??= HeaderSeconds(line, "#[BaseTime: ");
                continue;
            }

            string? tag = null;
            if (line.StartsWith("Tag=", StringComparison.Ordinal))
            {
                var comma = line.IndexOf(',', StringComparison.Ordinal);
                tag = comma > 4 ? line[4..comma] : throw Bad(path, number, "a tag without an interval after it");
                line = line[(comma + 1)..];
            }

            if (line.Split(',') is not [var offsetText, var lengthText, _, var histogram]
                || !TryNumber(offsetText, out var offset) || !TryNumber(lengthText, out var length) || length < 0 || histogram.Length == 0)
            {
                throw Bad(path, number, "not an interval line (start,length,max,histogram)");
            }

            if (intervals.Count == 0 && baseSeconds is null)
            {
                // The reference reader's rule: offsets more than a year before the start time are relative to it.
                startSeconds ??= offset;
                baseSeconds = offset < startSeconds - (365 * 24 * 3600.0) ? startSeconds : 0;
            }

            var startMs = (long)Math.Round((offset + baseSeconds!.Value) * 1000);
            intervals.Add(new LoggedInterval(tag, startMs, startMs + (long)Math.Round(length * 1000), histogram.Trim()));
        }

        var logStartMs = startSeconds is { } s ? (long)Math.Round(s * 1000) : intervals.Count > 0 ? intervals.Min(i => i.StartMs) : 0;
        return new Log(intervals, logStartMs);
    }

    private static double? HeaderSeconds(string line, string prefix)
    {
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var value = line[prefix.Length..].Split(' ', 2)[0];
        return TryNumber(value, out var seconds) ? seconds : null;
    }

    private static bool IsNumber(string text) => TryNumber(text, out _);

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static UsageException Bad(string path, int line, string what) =>
        new($"{path}: line {line}: {what}; is it an HdrHistogram log?");
}
