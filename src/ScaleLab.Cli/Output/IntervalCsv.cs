using System.Globalization;
using System.Text;
using ScaleLab.Core.Results;

namespace ScaleLab.Cli.Output;

/// <summary>
/// The time series of a run (<c>--csv FILE</c>) as CSV (RFC 4180: a header row, one row per interval, CRLF line
/// ends, numbers in the invariant culture; no field needs quoting): the same figures as <c>intervals</c> in the
/// JSON, the latency percentiles flattened into columns. A column without a value (the asked rate in the closed
/// model, the stage without stages) is empty.
/// </summary>
internal static class IntervalCsv
{
    public static readonly string[] Columns =
    [
        "t", "durationSeconds", "requests", "errors", "throughput",
        "p50Ms", "p90Ms", "p95Ms", "p99Ms", "p999Ms", "minMs", "meanMs", "maxMs",
        "rateAsked", "rateAchieved", "stage",
    ];

    public static string Format(IReadOnlyList<ResultInterval> intervals)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Columns)).Append("\r\n");
        foreach (var i in intervals)
        {
            var l = i.LatencyMs;
            object?[] row =
            [
                i.T, i.DurationSeconds, i.Requests, i.Errors, i.Throughput,
                l.P50, l.P90, l.P95, l.P99, l.P999, l.Min, l.Mean, l.Max,
                i.RateAsked, i.RateAchieved, i.Stage,
            ];
            csv.Append(string.Join(',', row.Select(v => v is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : string.Empty))).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>Writes the series to <paramref name="path"/>, whole or not at all.</summary>
    public static void Write(string path, IReadOnlyList<ResultInterval> intervals)
    {
        var text = Format(intervals);
        ResultFile.WriteAtomically(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            writer.Write(text);
        });
    }
}
