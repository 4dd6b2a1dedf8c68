using ScaleLab.Core.Comparison;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scaling;

namespace ScaleLab.Core.Tests.Comparison;

public sealed class ResultComparerTests
{
    [Fact]
    public void Line_P99FixedAndNStarUnchanged_ReadsAsTheSeedSays()
    {
        MetricChange[] metrics =
        [
            new() { Metric = "p99", Label = "p99", Unit = "ms", Before = 1000, After = 300, Change = -700, RelativeChange = -0.7, PValue = 1e-9, BeyondNoise = true },
            new() { Metric = "nstar", Label = "N* (peak)", Unit = "", Before = 12, After = 12.4, Change = 0.4, RelativeChange = 0.033, PValue = 0.7, BeyondNoise = false, HigherIsBetter = true },
        ];

        var line = ComparisonSummary.Line("diagnose", metrics);

        Assert.Equal("p99 1,000 ms \u2192 300 ms (\u221270%, p < 0.001): a performance fix; N* unchanged: scalability unchanged", line);
    }

    [Fact]
    public void Compare_RunsWithP99ThreeTimesLower_FindsAPerformanceFixBeyondNoise()
    {
        var before = Run(PercentileTestTests.Histogram(1, 5000, 10_000), 1000);
        var after = Run(PercentileTestTests.Histogram(2, 5000, 3_000), 1000);

        var comparison = ResultComparer.Compare([("a.json", before)], [("b.json", after)]);

        var p99 = comparison.Find("p99")!;
        Assert.True(p99.BeyondNoise);
        Assert.True(p99.RelativeChange < -0.5);
        Assert.Equal(NoiseTest.HistogramPercentile, p99.Test);
        Assert.Equal(NoiseTest.HistogramMannWhitney, comparison.Find("latency")!.Test);
        Assert.StartsWith("p99 ", comparison.Summary, StringComparison.Ordinal);
        Assert.Contains("a performance fix", comparison.Summary, StringComparison.Ordinal);
        Assert.Contains("scalability not measured", comparison.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_RunsWithoutHistograms_SaysNoNoiseEstimate()
    {
        var before = Run(PercentileTestTests.Histogram(1, 500, 10_000), 100) with { LatencyHistogram = null };
        var after = Run(PercentileTestTests.Histogram(2, 500, 3_000), 100) with { LatencyHistogram = null };

        var comparison = ResultComparer.Compare([("a.json", before)], [("b.json", after)]);

        var p99 = comparison.Find("p99")!;
        Assert.Null(p99.BeyondNoise);
        Assert.Null(p99.PValue);
        Assert.Contains("no noise estimate", p99.Note, StringComparison.Ordinal);
        Assert.Contains("not tested against noise", comparison.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_RunsWithIntervals_TestsThroughputOverTheIntervals()
    {
        var before = Run(PercentileTestTests.Histogram(1, 500, 1000), 1000) with { Intervals = Intervals(1000, 1010, 990, 1005, 995, 1002) };
        var after = Run(PercentileTestTests.Histogram(2, 500, 1000), 800) with { Intervals = Intervals(800, 790, 810, 805, 795, 801) };

        var comparison = ResultComparer.Compare([("a.json", before)], [("b.json", after)]);

        var throughput = comparison.Find("throughput")!;
        Assert.Equal(NoiseTest.IntervalsMannWhitney, throughput.Test);
        Assert.True(throughput.BeyondNoise);
        // Six whole intervals against six, all apart: the exact p is 2 / C(12, 6).
        Assert.Equal(2.0 / 924, throughput.PValue!.Value, 6);
    }

    [Fact]
    public void Compare_RepeatedRuns_TestsAcrossRunsAndReportsMedians()
    {
        RunResult[] before = [.. new[] { 1000.0, 1010, 990, 1005, 995 }.Select(t => Run(PercentileTestTests.Histogram(1, 100, 1000), t))];
        RunResult[] after = [.. new[] { 800.0, 790, 810, 805, 795 }.Select(t => Run(PercentileTestTests.Histogram(1, 100, 1000), t))];

        var comparison = ResultComparer.Compare(
            [.. before.Select((r, i) => ($"a{i}.json", (ResultDocument)r))],
            [.. after.Select((r, i) => ($"b{i}.json", (ResultDocument)r))]);

        var throughput = comparison.Find("throughput")!;
        Assert.Equal(1000, throughput.Before);
        Assert.Equal(800, throughput.After);
        Assert.Equal(NoiseTest.RunsMannWhitney, throughput.Test);
        Assert.True(throughput.BeyondNoise);
        Assert.False(comparison.Find("p99")!.BeyondNoise);
    }

    [Fact]
    public void Compare_ThreeRunsEachSide_WarnsThatNoChangeCanShow()
    {
        var runs = Enumerable.Range(0, 3).Select(i => ($"r{i}.json", (ResultDocument)Run(PercentileTestTests.Histogram(i, 100, 1000), 100 + i))).ToArray();

        var comparison = ResultComparer.Compare(runs, runs);

        Assert.Contains(comparison.Warnings, w => w.Contains("at least 4", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_DifferentKinds_Throws()
    {
        var run = Run(PercentileTestTests.Histogram(1, 10, 1000), 1);
        var scale = new ScaleResult { Target = "lab", Slo = new ScaleObjective(99, 100, 0.001), Steps = [] };

        Assert.Throws<ComparisonException>(() => ResultComparer.Compare([("a.json", run)], [("b.json", scale)]));
    }

    [Fact]
    public void Compare_ScaleResults_ComparesCapacityPerStepWithoutNoiseEstimate()
    {
        var before = Scale(1000, 1800, 3200);
        var after = Scale(1000, 1700, 2400);

        var comparison = ResultComparer.Compare([("a.json", before)], [("b.json", after)]);

        var four = comparison.Find("capacity@4")!;
        Assert.Equal(-0.25, four.RelativeChange!.Value, 9);
        Assert.Null(four.BeyondNoise);
        Assert.Equal(3200, comparison.Find("capacity")!.Before);
    }

    private static ResultInterval[] Intervals(params double[] throughputs) =>
        [.. throughputs.Select((t, i) => new ResultInterval { T = i + 1, DurationSeconds = 1, Requests = (long)t, Throughput = t, LatencyMs = LatencySummary.Empty })];

    internal static RunResult Run(HdrHistogram.HistogramBase histogram, double throughput) => new()
    {
        Target = "http://127.0.0.1/",
        Model = "closed",
        Requests = histogram.TotalCount,
        Throughput = throughput,
        LatencyMs = LatencyHistograms.Summarize(histogram),
        LatencyHistogram = LatencyHistogramCodec.Encode(histogram),
        Generator = new GeneratorHealth(0, 0, 0, false, 0, 0, 0),
    };

    internal static ScaleResult Scale(params double[] capacities) => new()
    {
        Target = "lab baseline",
        Slo = new ScaleObjective(99, 100, 0.001),
        Steps = [.. capacities.Select((c, i) => new ScaleStep
        {
            Replicas = 1 << i,
            Capacity = c,
            Efficiency = c / ((1 << i) * capacities[0]),
            LatencyMs = new LatencySummary(1, 5, 5, 8, 20, 40, 50, 3),
            Requests = 10_000,
        })],
    };
}
