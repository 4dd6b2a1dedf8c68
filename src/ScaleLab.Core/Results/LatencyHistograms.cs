using HdrHistogram;

namespace ScaleLab.Core.Results;

/// <summary>
/// The one way latency histograms are made and read: microseconds from 1 µs to one hour at three significant
/// digits (0.1% resolution), which covers a loopback round trip and the longest timeout alike.
/// </summary>
public static class LatencyHistograms
{
    /// <summary>The largest value a histogram tracks, in microseconds; longer latencies are clamped to it.</summary>
    public const long HighestMicroseconds = 3_600_000_000;

    /// <summary>A single-writer histogram.</summary>
    public static HistogramBase Create() => new LongHistogram(1, HighestMicroseconds, 3);

    /// <summary>A recorder that many threads may write while one reads interval histograms.</summary>
    public static Recorder CreateRecorder() => HistogramFactory.With64BitBucketSize()
        .WithValuesFrom(1)
        .WithValuesUpTo(HighestMicroseconds)
        .WithPrecisionOf(3)
        .WithThreadSafeWrites()
        .WithThreadSafeReads()
        .Create();

    /// <summary>Clamps a latency in microseconds into the tracked range.</summary>
    public static long Clamp(long microseconds) => Math.Clamp(microseconds, 1, HighestMicroseconds);

    /// <summary>The percentiles of a microsecond histogram, in milliseconds.</summary>
    public static LatencySummary Summarize(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return LatencySummary.Empty;
        }

        static double Ms(double microseconds) => Math.Round(microseconds / 1000.0, 3);
        return new LatencySummary(
            Min: Ms(histogram.LowestEquivalentValue(MinValue(histogram))),
            Mean: Ms(histogram.GetMean()),
            P50: Ms(histogram.GetValueAtPercentile(50)),
            P90: Ms(histogram.GetValueAtPercentile(90)),
            P99: Ms(histogram.GetValueAtPercentile(99)),
            P999: Ms(histogram.GetValueAtPercentile(99.9)),
            Max: Ms(histogram.GetMaxValue()),
            StdDev: Ms(histogram.GetStdDeviation()))
        {
            P95 = Ms(histogram.GetValueAtPercentile(95)),
        };
    }

    /// <summary>The latency at <paramref name="percentile"/> (0 to 100) of a microsecond histogram, in milliseconds as <see cref="Summarize"/> rounds them; 0 when empty.</summary>
    public static double ValueAtPercentile(HistogramBase histogram, double percentile)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return histogram.TotalCount == 0 ? 0 : Math.Round(histogram.GetValueAtPercentile(percentile) / 1000.0, 3);
    }

    private static long MinValue(HistogramBase histogram)
    {
        foreach (var value in histogram.RecordedValues())
        {
            return value.ValueIteratedTo;
        }

        return 0;
    }
}
