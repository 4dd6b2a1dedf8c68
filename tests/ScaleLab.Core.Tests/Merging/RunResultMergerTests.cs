using HdrHistogram;
using ScaleLab.Core.Merging;
using ScaleLab.Core.Results;

namespace ScaleLab.Core.Tests.Merging;

public sealed class RunResultMergerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Merge_RandomLatenciesSplitAcrossThreeParts_PercentilesEqualOneHistogramOfAll()
    {
        var random = new Random(13);
        var all = LatencyHistograms.Create();
        var parts = new HistogramBase[] { LatencyHistograms.Create(), LatencyHistograms.Create(), LatencyHistograms.Create() };
        for (var i = 0; i < 30_000; i++)
        {
            // Log-normal-ish latencies from 50 µs to seconds, each part with its own spread, so that averaging the
            // parts' percentiles would be visibly wrong.
            var part = random.Next(3);
            var value = LatencyHistograms.Clamp((long)(Math.Exp((random.NextDouble() * (4 + (3 * part))) + 4)));
            all.RecordValue(value);
            parts[part].RecordValue(value);
        }

        var merged = RunResultMerger.Merge([.. parts.Select(h => Run(h))]);

        Assert.Equal(LatencyHistograms.Summarize(all), merged.LatencyMs);
        Assert.Equal(all.TotalCount, merged.Requests);
        Assert.Equal(all.TotalCount, LatencyHistogramCodec.Decode(merged.LatencyHistogram!).TotalCount);
        Assert.Equal(LatencyHistograms.Summarize(all), LatencyHistograms.Summarize(LatencyHistogramCodec.Decode(merged.LatencyHistogram!)));
    }

    [Fact]
    public void Merge_Counts_AddUp()
    {
        var a = Run(Histogram(1000, 2000)) with
        {
            Errors = 1,
            Throughput = 10.5,
            Connections = 4,
            BytesReceived = 100,
            StatusCodes = new Dictionary<string, long> { ["200"] = 1, ["503"] = 1 },
            ErrorKinds = new Dictionary<string, long> { ["http5xx"] = 1 },
            Checks = new Dictionary<string, CheckStats> { ["status 2xx"] = new(1, 1) },
            Generator = new GeneratorHealth(1.5, 0, 0.2, false, 3, 5, 7),
        };
        var b = Run(Histogram(3000)) with
        {
            Throughput = 4.5,
            Connections = 2,
            BytesReceived = 50,
            StatusCodes = new Dictionary<string, long> { ["200"] = 1 },
            Checks = new Dictionary<string, CheckStats> { ["status 2xx"] = new(1, 0) },
            Generator = new GeneratorHealth(0.5, 0, 0.9, true, 2, 5, 12),
            DurationSeconds = 12,
        };

        var merged = RunResultMerger.Merge([a, b]);

        Assert.Equal(3, merged.Requests);
        Assert.Equal(1, merged.Errors);
        Assert.Equal(15, merged.Throughput);
        Assert.Equal(6, merged.Connections);
        Assert.Equal(150, merged.BytesReceived);
        Assert.Equal(2, merged.StatusCodes["200"]);
        Assert.Equal(1, merged.StatusCodes["503"]);
        Assert.Equal(1, merged.ErrorKinds["http5xx"]);
        Assert.Equal(new CheckStats(2, 1), merged.Checks["status 2xx"]);
        Assert.Equal(new GeneratorHealth(2, 666_666.67, 0.9, true, 5, 5, 12), merged.Generator);
        Assert.Equal(12, merged.DurationSeconds);
        Assert.Empty(merged.Thresholds);
    }

    [Fact]
    public void Merge_OpenModel_RatesAndArrivalsSummed()
    {
        RunResult Open(long arrived, bool? behind) => Run(Histogram(1000)) with
        {
            Model = "open",
            Rate = 100,
            RateAsked = 100,
            RateAchieved = 99.5,
            Arrived = arrived,
            Unsent = 1,
            Backlog = 2,
            FellBehind = behind,
            UncorrectedLatencyMs = LatencyHistograms.Summarize(Histogram(900)),
            UncorrectedLatencyHistogram = LatencyHistogramCodec.Encode(Histogram(900)),
        };

        var merged = RunResultMerger.Merge([Open(1000, false), Open(1001, true), Open(999, null)]);

        Assert.Equal(300, merged.RateAsked);
        Assert.Equal(300, merged.Rate);
        Assert.Equal(298.5, merged.RateAchieved);
        Assert.Equal(3000, merged.Arrived);
        Assert.Equal(3, merged.Unsent);
        Assert.Equal(6, merged.Backlog);
        Assert.True(merged.FellBehind);
        Assert.Equal(3, LatencyHistogramCodec.Decode(merged.UncorrectedLatencyHistogram!).TotalCount);
    }

    [Fact]
    public void Merge_PartsStartedTogether_IntervalsAddedByT()
    {
        // No startedAt: the agents of one run, their t counted from the same instant; ticks drift past each second.
        var a = Run(Histogram(1000, 2000)) with { Intervals = [Interval(1.003, 1.003, 1000), Interval(2.004, 1.001, 2000)] };
        var b = Run(Histogram(3000, 4000)) with { Intervals = [Interval(0.998, 0.998, 3000), Interval(1.999, 1.001, 4000)] };

        var merged = RunResultMerger.Merge([a, b]);

        Assert.Equal(2, merged.Intervals.Count);
        Assert.Equal([2L, 2L], merged.Intervals.Select(i => i.Requests));
        Assert.Equal(LatencyHistograms.Summarize(Histogram(1000, 3000)), merged.Intervals[0].LatencyMs);
        Assert.Equal(LatencyHistograms.Summarize(Histogram(2000, 4000)), merged.Intervals[1].LatencyMs);
        Assert.Equal(1.003, merged.Intervals[0].T);
        // Each part did one request a second: together, two.
        Assert.InRange(merged.Intervals[0].Throughput, 1.9, 2.1);
    }

    [Fact]
    public void Merge_SeparateRuns_IntervalsAlignedOnWallClock()
    {
        // b started two seconds after a: its first second is a's third.
        var a = Run(Histogram(1000, 1000, 1000)) with
        {
            StartedAt = Noon,
            Intervals = [Interval(1, 1, 1000), Interval(2, 1, 1000), Interval(3, 1, 1000)],
        };
        var b = Run(Histogram(5000, 5000)) with
        {
            StartedAt = Noon.AddSeconds(2),
            Intervals = [Interval(1, 1, 5000), Interval(2, 1, 5000)],
        };

        var merged = RunResultMerger.Merge([a, b]);

        Assert.Equal([1L, 1L, 2L, 1L], merged.Intervals.Select(i => i.Requests));
        Assert.Equal([1.0, 2.0, 3.0, 4.0], merged.Intervals.Select(i => i.T));
        Assert.Equal(LatencyHistograms.Summarize(Histogram(1000, 5000)), merged.Intervals[2].LatencyMs);
        Assert.Equal(Noon, merged.StartedAt);
    }

    [Fact]
    public void Merge_ByName_PercentilesFromAddedHistograms()
    {
        var a = Run(Histogram(1000)) with { ByName = new Dictionary<string, NamedRequestStats> { ["login"] = Named(1000), ["feed"] = Named(2000) } };
        var b = Run(Histogram(3000)) with { ByName = new Dictionary<string, NamedRequestStats> { ["login"] = Named(3000) } };

        var merged = RunResultMerger.Merge([a, b]);

        Assert.Equal(["feed", "login"], merged.ByName.Keys);
        Assert.Equal(2, merged.ByName["login"].Requests);
        Assert.Equal(LatencyHistograms.Summarize(Histogram(1000, 3000)), merged.ByName["login"].LatencyMs);
        Assert.Equal(1, merged.ByName["feed"].Requests);
    }

    [Fact]
    public void Merge_Warnings_PrefixedByThePartsTheyCameFrom()
    {
        var a = Run(Histogram(1000)) with { Warnings = ["shared", "only a"] };
        var b = Run(Histogram(1000)) with { Warnings = ["shared"], Interrupted = true };

        var merged = RunResultMerger.Merge([a, b], ["a.json", "b.json"]);

        Assert.Equal(["shared", "a.json: only a"], merged.Warnings);
        Assert.True(merged.Interrupted);
    }

    public static TheoryData<string> PartsWithoutHistograms => ["total", "interval", "byName", "uncorrected"];

    [Theory]
    [MemberData(nameof(PartsWithoutHistograms))]
    public void Merge_LatenciesWithoutHistogram_ThrowsNamingThePart(string where)
    {
        var whole = Run(Histogram(1000));
        var broken = where switch
        {
            "total" => whole with { LatencyHistogram = null },
            "interval" => whole with { Intervals = [Interval(1, 1, 1000) with { LatencyHistogram = null }] },
            "byName" => whole with { ByName = new Dictionary<string, NamedRequestStats> { ["login"] = Named(1000) with { LatencyHistogram = null } } },
            _ => whole with { Model = "open", UncorrectedLatencyMs = LatencyHistograms.Summarize(Histogram(1000)) },
        };
        var other = where == "uncorrected" ? whole with { Model = "open" } : whole;

        var error = Assert.Throws<MergeException>(() => RunResultMerger.Merge([other, broken], ["a.json", "b.json"]));

        Assert.Contains("b.json", error.Message);
        Assert.Contains("latencyHistogram", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Merge_NotARun_Throws()
    {
        var diagnose = Run(Histogram(1000)) with { Kind = "diagnose" };

        var error = Assert.Throws<MergeException>(() => RunResultMerger.Merge([Run(Histogram(1000)), diagnose]));

        Assert.Contains("part 2 is a diagnose result", error.Message);
    }

    [Fact]
    public void Merge_ClosedWithOpen_Throws()
    {
        var error = Assert.Throws<MergeException>(() => RunResultMerger.Merge([Run(Histogram(1000)), Run(Histogram(1000)) with { Model = "open" }]));

        Assert.Contains("open-model", error.Message);
    }

    [Fact]
    public void Merge_NoRequests_MergesWithoutHistograms()
    {
        var empty = Run(LatencyHistograms.Create());

        var merged = RunResultMerger.Merge([empty, empty]);

        Assert.Equal(0, merged.Requests);
        Assert.Null(merged.LatencyHistogram);
        Assert.Equal(LatencySummary.Empty, merged.LatencyMs);
    }

    [Fact]
    public void FromIntervals_StreamedIntervals_AddUpToAPartialResult()
    {
        var intervals = new[] { Interval(1, 1, 1000), Interval(2, 1, 3000) };

        var partial = RunResultMerger.FromIntervals("http://127.0.0.1:8080/", "closed", intervals);

        Assert.Equal(2, partial.Requests);
        Assert.Equal(2, partial.DurationSeconds);
        Assert.Equal(LatencyHistograms.Summarize(Histogram(1000, 3000)), partial.LatencyMs);
        Assert.True(partial.Interrupted);
        Assert.Equal(4, RunResultMerger.Merge([partial, Run(Histogram(2000, 2000))]).Requests);
    }

    private static HistogramBase Histogram(params long[] microseconds)
    {
        var histogram = LatencyHistograms.Create();
        foreach (var value in microseconds)
        {
            histogram.RecordValue(value);
        }

        return histogram;
    }

    private static RunResult Run(HistogramBase latency) => new()
    {
        Target = "http://127.0.0.1:8080/",
        Model = "closed",
        DurationSeconds = 10,
        Requests = latency.TotalCount,
        LatencyMs = LatencyHistograms.Summarize(latency),
        LatencyHistogram = latency.TotalCount > 0 ? LatencyHistogramCodec.Encode(latency) : null,
        Generator = new GeneratorHealth(0, 0, 0, false, 0, 5, 0),
    };

    private static ResultInterval Interval(double t, double seconds, long microseconds)
    {
        var histogram = Histogram(microseconds);
        return new ResultInterval
        {
            T = t,
            DurationSeconds = seconds,
            Requests = 1,
            Throughput = Math.Round(1 / seconds, 2),
            LatencyMs = LatencyHistograms.Summarize(histogram),
            LatencyHistogram = LatencyHistogramCodec.Encode(histogram),
        };
    }

    private static NamedRequestStats Named(long microseconds)
    {
        var histogram = Histogram(microseconds);
        return new NamedRequestStats
        {
            Requests = 1,
            Throughput = 0.1,
            LatencyMs = LatencyHistograms.Summarize(histogram),
            LatencyHistogram = LatencyHistogramCodec.Encode(histogram),
        };
    }
}
