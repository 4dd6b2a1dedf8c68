using ScaleLab.Core.Scaling;

namespace ScaleLab.Core.Tests.Scaling;

public sealed class WarmupDetectorTests
{
    [Fact]
    public void Add_ClimbingThenFlat_StableOnceThreeIntervalsAgree()
    {
        var detector = new WarmupDetector();
        double[] rates = [50, 120, 210, 290, 300, 305, 298];
        var stableAt = -1;
        for (var i = 0; i < rates.Length && stableAt < 0; i++)
        {
            if (detector.Add(rates[i]))
            {
                stableAt = i;
            }
        }

        Assert.Equal(5, stableAt);
        Assert.InRange(detector.Rate, 295, 305);
    }

    [Fact]
    public void Add_StillClimbingWithinTolerance_NotStable()
    {
        var detector = new WarmupDetector();

        detector.Add(280);
        detector.Add(290);
        var stable = detector.Add(318);

        Assert.False(stable);
    }

    [Fact]
    public void Add_Noisy_NotStable()
    {
        var detector = new WarmupDetector();
        foreach (var rate in new double[] { 100, 300, 120, 280, 90 })
        {
            detector.Add(rate);
        }

        Assert.False(detector.IsStable);
    }

    [Fact]
    public void Add_NothingServed_NeverStable()
    {
        var detector = new WarmupDetector();
        foreach (var rate in new double[] { 0, 0, 0, 0 })
        {
            detector.Add(rate);
        }

        Assert.False(detector.IsStable);
    }
}
