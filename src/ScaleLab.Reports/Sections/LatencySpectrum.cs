using HdrHistogram;
using ScaleLab.Core.Results;
using ScaleLab.Reports.Charts;

namespace ScaleLab.Reports.Sections;

/// <summary>
/// The latency percentile spectrum of a run, as HdrHistogram plots it: latency against percentile on a scale that
/// spreads the tail (90%, 99%, 99.9% equally apart). Corrected from the recorded histogram when the result has one,
/// otherwise from its summary's percentiles; uncorrected (service time alone, open model) from its summary.
/// </summary>
internal static class LatencySpectrum
{
    /// <summary>At most this many points per line: a chart, not a dump of every bucket.</summary>
    private const int MaxPoints = 240;

    public static Chart? Of(RunResult run)
    {
        var series = new List<ChartSeries>();
        var histogram = Decode(run.LatencyHistogram);
        var fromHistogram = histogram is { TotalCount: > 0 };
        var corrected = fromHistogram ? FromHistogram(histogram!) : FromSummary(run.LatencyMs);
        var correctedName = run.Model == "open" ? "corrected (from the intended send time)" : "latency";
        if (corrected.Count > 0)
        {
            series.Add(new ChartSeries(correctedName, SeriesKind.Line, corrected) { Color = 3, Unit = "ms" });
        }

        if (run.UncorrectedLatencyMs is { } uncorrected && FromSummary(uncorrected) is { Count: > 0 } points)
        {
            series.Add(new ChartSeries("uncorrected (service time alone)", SeriesKind.Line, points) { Color = 0, Dashed = true, Unit = "ms" });
        }

        if (series.Count == 0)
        {
            return null;
        }

        var all = series.SelectMany(s => s.Points).Select(p => p.Y).Where(y => y > 0).ToArray();
        var logY = all.Length > 0 && all.Max() / Math.Max(all.Min(), 1e-3) > 20;
        return new Chart("Latency by percentile", "percentile", "latency (ms)", series)
        {
            XScale = AxisScale.Percentile,
            YScale = logY ? AxisScale.Log : AxisScale.Linear,
            Caption = (fromHistogram ? "From the recorded histogram." : "From the summary's percentiles (the result holds no histogram).")
                + (run.UncorrectedLatencyMs is null ? string.Empty : " The gap between the lines is the time requests waited to be sent: coordinated omission, corrected."),
        };
    }

    private static IReadOnlyList<ChartPoint> FromSummary(LatencySummary summary)
    {
        if (summary.Max <= 0)
        {
            return [];
        }

        return
        [
            new(0, summary.Min, Label: "min"),
            new(50, summary.P50, Label: "p50"),
            new(90, summary.P90, Label: "p90"),
            new(99, summary.P99, Label: "p99"),
            new(99.9, summary.P999, Label: "p99.9"),
            new(99.99, summary.Max, Label: "max"),
        ];
    }

    private static IReadOnlyList<ChartPoint> FromHistogram(HistogramBase histogram)
    {
        var points = new List<ChartPoint>();
        foreach (var value in histogram.Percentiles(5))
        {
            if (value.Percentile >= 99.9999)
            {
                break;
            }

            points.Add(new ChartPoint(value.Percentile, value.ValueIteratedTo / 1000.0));
        }

        points.Add(new ChartPoint(Math.Min(99.9999, Math.Max(points.Count > 0 ? points[^1].X : 0, 100 - 100.0 / histogram.TotalCount)), histogram.GetMaxValue() / 1000.0, Label: "max"));
        if (points.Count <= MaxPoints)
        {
            return points;
        }

        var stride = (double)points.Count / MaxPoints;
        return Enumerable.Range(0, MaxPoints).Select(i => points[(int)(i * stride)]).Append(points[^1]).ToArray();
    }

    /// <summary>The histogram of a result's <c>latencyHistogram</c> (base64 of the compressed encoding); null when absent or unreadable.</summary>
    internal static HistogramBase? Decode(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        try
        {
            return LatencyHistogramCodec.Decode(base64);
        }
        catch (FormatException)
        {
            // A damaged histogram costs the report its exact spectrum, not the report: the summary stands in.
            return null;
        }
    }
}
