using HdrHistogram;
using ScaleLab.Core.Merging;
using ScaleLab.Core.Results;

namespace ScaleLab.Core.Tests.Merging;

public sealed class HistogramLogMergerTests
{
    private const long Noon = 1_795_996_800_000;

    [Fact]
    public void Merge_RandomValuesAcrossThreeLogs_TotalIsOneHistogramOfAll()
    {
        var random = new Random(8);
        var all = LatencyHistograms.Create();
        var logs = new List<LoggedInterval>[] { [], [], [] };
        for (var second = 0; second < 5; second++)
        {
            for (var log = 0; log < 3; log++)
            {
                var interval = LatencyHistograms.Create();
                for (var i = 0; i < 500; i++)
                {
                    var value = LatencyHistograms.Clamp((long)Math.Exp((random.NextDouble() * (3 + log)) + 5));
                    interval.RecordValue(value);
                    all.RecordValue(value);
                }

                // Each generator ticks a few milliseconds apart from the others.
                var start = Noon + (second * 1000) + (log * 7);
                logs[log].Add(new LoggedInterval(null, start, start + 1000, LatencyHistogramCodec.Encode(interval)));
            }
        }

        var merged = HistogramLogMerger.Merge(logs, ["a", "b", "c"]);

        Assert.Equal(5, merged.Intervals.Count);
        var total = Assert.Single(merged.Totals);
        Assert.Equal(all.TotalCount, total.Count);
        Assert.Equal(LatencyHistograms.Summarize(all), total.LatencyMs);
        Assert.All(merged.Intervals, i => Assert.Equal(1500, LatencyHistogramCodec.Decode(i.Histogram).TotalCount));
    }

    [Fact]
    public void Merge_TagsAndOffsets_AddsOnlySameSlotAndTag()
    {
        var a = new[] { Line(null, 0, 1000), Line("login", 0, 5000), Line(null, 1, 2000) };
        var b = new[] { Line(null, 1, 3000), Line("login", 1, 7000) };

        var merged = HistogramLogMerger.Merge([a, b], ["a", "b"]);

        Assert.Equal([(string?)null, "login", null, "login"], merged.Intervals.Select(i => i.Tag));
        Assert.Equal([1L, 1L, 2L, 1L], merged.Intervals.Select(i => LatencyHistogramCodec.Decode(i.Histogram).TotalCount));
        Assert.Equal(Noon + 1000, merged.Intervals[2].StartMs);
        Assert.Equal([3L, 2L], merged.Totals.Select(t => t.Count));
    }

    [Fact]
    public void Merge_LogOfAWiderRange_WidensTheSum()
    {
        // A log written in nanoseconds by another tool: a wider range than ScaleLab's.
        var wide = new LongHistogram(1, 3_600_000_000_000, 3);
        wide.RecordValue(2_000_000_000);
        var a = new[] { Line(null, 0, 1000) };
        var b = new[] { new LoggedInterval(null, Noon, Noon + 1000, LatencyHistogramCodec.Encode(wide)) };

        var merged = HistogramLogMerger.Merge([a, b], ["a", "b"]);

        Assert.Equal(2, merged.Totals[0].Count);
    }

    [Fact]
    public void Merge_NotAHistogram_ThrowsNamingTheLog()
    {
        var a = new[] { Line(null, 0, 1000) };
        var b = new[] { new LoggedInterval(null, Noon, Noon + 1000, "not base64!") };

        var error = Assert.Throws<MergeException>(() => HistogramLogMerger.Merge([a, b], ["a.hdr", "b.hdr"]));

        Assert.StartsWith("b.hdr", error.Message, StringComparison.Ordinal);
    }

    private static LoggedInterval Line(string? tag, int second, long microseconds)
    {
        var histogram = LatencyHistograms.Create();
        histogram.RecordValue(microseconds);
        return new LoggedInterval(tag, Noon + (second * 1000), Noon + ((second + 1) * 1000), LatencyHistogramCodec.Encode(histogram));
    }
}
