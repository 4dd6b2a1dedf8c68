using HdrHistogram;
using ScaleLab.Core.Comparison;
using ScaleLab.Core.Results;

namespace ScaleLab.Core.Tests.Comparison;

public sealed class PercentileTestTests
{
    [Fact]
    public void PValue_SameHistogram_IsOne()
    {
        var histogram = Histogram(seed: 1, count: 5000, scaleMicroseconds: 10_000);

        Assert.Equal(1, PercentileTest.PValue(histogram, histogram, 99));
    }

    [Fact]
    public void PValue_P99ThreeTimesLower_IsTiny()
    {
        var before = Histogram(seed: 1, count: 5000, scaleMicroseconds: 10_000);
        var after = Histogram(seed: 2, count: 5000, scaleMicroseconds: 3_000);

        Assert.True(PercentileTest.PValue(before, after, 99) < 0.001);
    }

    [Fact]
    public void PValue_TwoSamplesOfOneDistribution_IsUsuallyAboveFivePercent()
    {
        // Twenty pairs of samples drawn from one distribution: a test at 5% calls few of them different.
        var called = Enumerable.Range(0, 20)
            .Count(i => PercentileTest.PValue(Histogram(100 + i, 2000, 10_000), Histogram(200 + i, 2000, 10_000), 90) < 0.05);

        Assert.True(called <= 4, $"{called} of 20 same-distribution pairs called different");
    }

    /// <summary>Exponentially distributed latencies with a fixed seed, in microseconds.</summary>
    internal static HistogramBase Histogram(int seed, int count, double scaleMicroseconds)
    {
        var random = new Random(seed);
        var histogram = LatencyHistograms.Create();
        for (var i = 0; i < count; i++)
        {
            histogram.RecordValue(LatencyHistograms.Clamp((long)(1000 - scaleMicroseconds * Math.Log(1 - random.NextDouble()))));
        }

        return histogram;
    }
}
