using ScaleLab.Core.Comparison;

namespace ScaleLab.Core.Tests.Comparison;

public sealed class MannWhitneyTests
{
    [Fact]
    public void Test_RDocumentationExample_MatchesWilcoxTestExactly()
    {
        // R's ?wilcox.test: x, y below; wilcox.test(x, y, alternative = "g") gives W = 35, p-value = 0.1272,
        // so the two-sided exact p is twice that (0.2544, checked by enumerating all 3003 arrangements).
        double[] x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
        double[] y = [1.15, 0.88, 0.90, 0.74, 1.21];

        var result = MannWhitney.Test(x, y);

        Assert.Equal(35, result.U);
        Assert.True(result.Exact);
        Assert.Equal(0.2544122544, result.PValue, 9);
    }

    [Fact]
    public void Test_TiedValues_UsesNormalApproximationWithTieAndContinuityCorrections()
    {
        // wilcox.test(c(1,2,2,3,3,3,4,7), c(3,4,4,5,5,6,8,9,9)): W = 9.5, p-value = 0.01146 (normal
        // approximation, "cannot compute exact p-value with ties").
        double[] x = [1, 2, 2, 3, 3, 3, 4, 7];
        double[] y = [3, 4, 4, 5, 5, 6, 8, 9, 9];

        var result = MannWhitney.Test(x, y);

        Assert.Equal(9.5, result.U);
        Assert.False(result.Exact);
        Assert.Equal(0.0114608, result.PValue, 6);
    }

    [Fact]
    public void Test_WeightedBuckets_EqualExpandedSamples()
    {
        WeightedValue[] first = [new(1, 3), new(2, 40), new(5, 7)];
        WeightedValue[] second = [new(2, 10), new(3, 30), new(9, 2)];
        var expandedFirst = first.SelectMany(v => Enumerable.Repeat(v.Value, (int)v.Count)).ToArray();
        var expandedSecond = second.SelectMany(v => Enumerable.Repeat(v.Value, (int)v.Count)).ToArray();

        var weighted = MannWhitney.Test(first, second);
        var expanded = MannWhitney.Test(expandedFirst, expandedSecond);

        Assert.Equal(expanded.U, weighted.U);
        Assert.Equal(expanded.PValue, weighted.PValue, 12);
    }

    [Fact]
    public void Test_IdenticalSamples_PValueIsOne()
    {
        var result = MannWhitney.Test([1.0, 2, 3, 4], [1.0, 2, 3, 4]);

        Assert.Equal(1, result.PValue, 9);
    }

    [Theory]
    [InlineData(3, 3, 0.1)]
    [InlineData(4, 4, 0.0285714)]
    [InlineData(1, 5, 0.3333333)]
    public void SmallestPValue_FewRuns_IsTwiceOneOverTheArrangements(int n1, int n2, double expected)
    {
        Assert.Equal(expected, MannWhitney.SmallestPValue(n1, n2), 6);
    }

    [Fact]
    public void Test_EmptySample_Throws()
    {
        Assert.Throws<ArgumentException>(() => MannWhitney.Test([], [1.0]));
    }
}
