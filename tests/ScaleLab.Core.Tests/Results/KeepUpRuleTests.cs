using ScaleLab.Core.Results;

namespace ScaleLab.Core.Tests.Results;

public sealed class KeepUpRuleTests
{
    [Theory]
    // A target that keeps up: the backlog (rate x latency) stays flat, however large.
    [InlineData(500, 500, 5000, false)]
    [InlineData(500, 520, 5000, false)]
    // Half the asked rate served: the backlog grows by half the second half's arrivals.
    [InlineData(2500, 5000, 5000, true)]
    // Just past 5% of the arrivals, and past 10 requests.
    [InlineData(0, 251, 5000, true)]
    [InlineData(0, 250, 5000, false)]
    // A low rate: 5 requests short is more than 5% of 20, but within counting noise.
    [InlineData(0, 5, 20, false)]
    [InlineData(0, 11, 20, true)]
    // A backlog that shrank (the target caught up).
    [InlineData(300, 10, 5000, false)]
    public void FellBehind_BacklogGrowth_JudgedAgainstShareAndMinimum(long middle, long end, long secondHalfArrivals, bool expected)
    {
        // A long second half (100 s): the stall allowance is below the other limits.
        Assert.Equal(expected, KeepUpRule.FellBehind(middle, end, secondHalfArrivals, secondHalfSeconds: 100));
    }

    [Theory]
    // 200/s for half a second: a 60 ms pause at the end leaves 12 more in flight, past 10 and past 5% of 100, but
    // within the 40 arrivals of a 0.2 s stall.
    [InlineData(2, 14, 100, 0.5, false)]
    [InlineData(2, 42, 100, 0.5, false)]
    // Half the rate served over that half second: the backlog grows by 50.
    [InlineData(2, 52, 100, 0.5, true)]
    public void FellBehind_ShortWindowWithALastMomentStall_IsNotCalledBehind(long middle, long end, long secondHalfArrivals, double secondHalfSeconds, bool expected)
    {
        Assert.Equal(expected, KeepUpRule.FellBehind(middle, end, secondHalfArrivals, secondHalfSeconds));
    }
}
