using ScaleLab.Load.Engine;

namespace ScaleLab.Load.Tests.Engine;

public sealed class StageProfileTests
{
    // A millisecond a tick, so that the offsets below read as milliseconds.
    private const long PerSecond = 1000;

    private static StageProfile Profile(double start, params (int Ms, double Target)[] stages) =>
        new(start, [.. stages.Select(s => new LoadStage(TimeSpan.FromMilliseconds(s.Ms), s.Target))], PerSecond);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(249, 0)]
    [InlineData(250, 1)]
    [InlineData(999, 3)]
    [InlineData(1000, 4)]
    [InlineData(1999, 4)]
    [InlineData(2000, 4)]
    [InlineData(2249, 4)]
    [InlineData(2250, 3)]
    [InlineData(2999, 1)]
    [InlineData(3000, 0)]
    public void UsersAt_RampUpHoldRampDown_ChangesByOneAtEachStepAsK6Does(long offset, int users)
    {
        var profile = Profile(0, (1000, 4), (1000, 4), (1000, 0));

        Assert.Equal(users, profile.UsersAt(offset));
    }

    [Fact]
    public void UsersAt_ZeroLengthStage_Jumps()
    {
        var profile = Profile(2, (0, 10), (1000, 10));

        Assert.Equal(10, profile.UsersAt(0));
        Assert.Equal(1, profile.StageAt(0) - 1);
    }

    [Theory]
    [InlineData(0, 0, 250)]
    [InlineData(3, 0, 1000)]
    [InlineData(3, 1500, 1500)]
    [InlineData(3, 2250, null)]
    [InlineData(0, 2999, 2999)]
    [InlineData(4, 0, null)]
    public void NextActiveAt_User_IsWhenTheCountFirstExceedsIt(int user, long offset, int? expected)
    {
        var profile = Profile(0, (1000, 4), (1000, 4), (1000, 0));

        Assert.Equal(expected, profile.NextActiveAt(user, offset));
    }

    [Fact]
    public void NextActiveAt_RampDownThenUpAgain_FindsTheSecondRamp()
    {
        // 2 users, down to 0 over 1 s (user 1 retires at 500 ms, user 0 at 1000), up to 2 over 1 s: user 0 is
        // active again at 1500 ms, user 1 at 2000.
        var profile = Profile(2, (1000, 0), (1000, 2));

        Assert.Equal(600, profile.NextActiveAt(0, 600));
        Assert.Equal(2000, profile.NextActiveAt(1, 600));
        Assert.Equal(1500, profile.NextActiveAt(0, 1000));
    }

    [Fact]
    public void StageAt_Offsets_CountStagesFromOne()
    {
        var profile = Profile(0, (1000, 4), (1000, 4), (1000, 0));

        Assert.Equal([1, 1, 2, 3, 3], new long[] { 0, 999, 1000, 2999, 5000 }.Select(profile.StageAt));
        Assert.Equal(3, profile.Count);
        Assert.Equal(3000, profile.TotalTicks);
    }

    [Fact]
    public void ArrivalsBy_LinearRate_IsTheAreaUnderIt()
    {
        // 0 → 10/s over 2 s, 10/s for 1 s, 10 → 0/s over 2 s: 10 arrivals each.
        var profile = Profile(0, (2000, 10), (1000, 10), (2000, 0));

        Assert.Equal(2.5, profile.ArrivalsBy(1000), 9);
        Assert.Equal(10, profile.ArrivalsBy(2000), 9);
        Assert.Equal(20, profile.ArrivalsBy(3000), 9);
        Assert.Equal(27.5, profile.ArrivalsBy(4000), 9);
        Assert.Equal(30, profile.TotalArrivals, 9);
        Assert.Equal(5, profile.ValueAt(1000), 9);
    }

    [Fact]
    public void OffsetOfArrival_InvertsArrivalsBy()
    {
        var profile = Profile(0, (2000, 10), (1000, 10), (2000, 0));

        foreach (var k in Enumerable.Range(1, 29))
        {
            var offset = profile.OffsetOfArrival(k);
            Assert.InRange(profile.ArrivalsBy(offset), k - 0.02, k + 1e-9);
            Assert.True(profile.ArrivalsBy(offset + 1) >= k - 1e-9, $"arrival {k} at {offset} ms is late");
        }

        Assert.Equal(0, profile.OffsetOfArrival(0));
        Assert.Equal(long.MaxValue, profile.OffsetOfArrival(30.5));
    }

    [Fact]
    public void ArrivalSchedule_UniformRamp_GivesEachStageTheArrivalsItsRateIntegratesTo()
    {
        var profile = Profile(0, (2000, 10), (1000, 10), (2000, 0));
        var schedule = new ArrivalSchedule(profile, ArrivalProcess.Uniform, seed: 1);

        var offsets = new List<long>();
        for (long i = 0; ; i++)
        {
            var offset = schedule.OffsetOf(i);
            if (offset >= profile.TotalTicks)
            {
                break;
            }

            offsets.Add(offset);
        }

        Assert.Equal([10, 10, 10], offsets.GroupBy(profile.StageAt).Select(g => g.Count()));
    }

    [Fact]
    public void ArrivalSchedule_PoissonRamp_HasTheIntegratedCountWithinItsNoise()
    {
        // 0 → 1000/s over 100 s: 50,000 arrivals expected, 12,500 of them in the first half (the rate is a quarter of the area there).
        var profile = new StageProfile(0, [new LoadStage(TimeSpan.FromSeconds(100), 1000)], PerSecond * 1000);
        var schedule = new ArrivalSchedule(profile, ArrivalProcess.Poisson, seed: 7);

        long total = 0;
        long firstHalf = 0;
        for (long i = 0; ; i++)
        {
            var offset = schedule.OffsetOf(i);
            if (offset >= profile.TotalTicks)
            {
                break;
            }

            total++;
            firstHalf += offset < profile.TotalTicks / 2 ? 1 : 0;
        }

        // Four standard deviations (√50000 ≈ 224, √12500 ≈ 112) of a Poisson count.
        Assert.InRange(total, 50_000 - 900, 50_000 + 900);
        Assert.InRange(firstHalf, 12_500 - 450, 12_500 + 450);
    }
}
