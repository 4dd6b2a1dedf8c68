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
    // within the 25 arrivals of the allowed stall (a quarter of the half, under 0.2 s).
    [InlineData(2, 14, 100, 0.5, false)]
    [InlineData(2, 27, 100, 0.5, false)]
    // Half the rate served over that half second: the backlog grows by 50.
    [InlineData(2, 52, 100, 0.5, true)]
    // 1000/s for 0.1 s: the allowance is 25 ms (25 arrivals), so a backlog that grew by 60 is still judged behind.
    [InlineData(80, 140, 100, 0.1, true)]
    public void FellBehind_ShortWindow_ToleratesOnlyALastMomentStall(long middle, long end, long secondHalfArrivals, double secondHalfSeconds, bool expected)
    {
        Assert.Equal(expected, KeepUpRule.FellBehind(middle, end, secondHalfArrivals, secondHalfSeconds));
    }
}
