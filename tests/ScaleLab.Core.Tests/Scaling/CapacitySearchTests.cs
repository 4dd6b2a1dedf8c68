using ScaleLab.Core.Scaling;

namespace ScaleLab.Core.Tests.Scaling;

public sealed class CapacitySearchTests
{
    [Theory]
    [InlineData(400, 1000)]
    [InlineData(400, 150)]
    [InlineData(1000, 1000)]
    [InlineData(5, 3000)]
    public void Search_ThresholdSystem_EndsWithinFivePercentBelowTheCapacity(double start, double capacity)
    {
        var search = new CapacitySearch(start, maxProbes: 30);

        Run(search, rate => rate <= capacity);

        Assert.InRange(search.Capacity, capacity / 1.05, capacity);
        Assert.Equal("done", search.Phase);
    }

    [Fact]
    public void Search_StartNearTheCapacity_NeedsFewProbes()
    {
        var search = new CapacitySearch(800);

        Run(search, rate => rate <= 1000);

        Assert.InRange(search.Probes, 2, 6);
    }

    [Fact]
    public void Search_NothingPasses_CapacityZeroAndBounded()
    {
        var search = new CapacitySearch(100, minRate: 1);

        Run(search, _ => false);

        Assert.Equal(0, search.Capacity);
        Assert.True(search.Probes <= CapacitySearch.DefaultMaxProbes);
    }

    [Fact]
    public void Search_EverythingPasses_StopsAtTheMaximumRate()
    {
        var search = new CapacitySearch(100, maxRate: 1000, maxProbes: 30);

        Run(search, _ => true);

        Assert.Equal(1000, search.Capacity);
    }

    [Fact]
    public void Search_MaxProbes_IsNeverExceeded()
    {
        var search = new CapacitySearch(100, precision: 0.0001, maxProbes: 4);

        Run(search, rate => rate <= 777);

        Assert.Equal(4, search.Probes);
        Assert.Null(search.Next);
    }

    [Fact]
    public void Record_PassAboveAnEarlierFailure_DropsTheStaleBound()
    {
        var search = new CapacitySearch(100);
        search.Record(100, passed: false);
        search.Record(150, passed: true);

        Assert.Null(search.LowestFailed);
        Assert.Equal(150 * CapacitySearch.BracketFactor, search.Next);
    }

    [Fact]
    public void Phase_PassThenFail_IsBisecting()
    {
        var search = new CapacitySearch(100);
        search.Record(100, passed: true);
        Assert.Equal("bracketing", search.Phase);

        search.Record(150, passed: false);

        Assert.Equal("bisecting", search.Phase);
        Assert.Equal(125, search.Next);
    }

    private static void Run(CapacitySearch search, Func<double, bool> passes)
    {
        for (var guard = 0; guard < 100 && search.Next is { } rate; guard++)
        {
            search.Record(rate, passes(rate));
        }
    }
}
