using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Tests.Scalability;

public class UslModelTests
{
    [Fact]
    public void PeakConcurrency_WithCoherency_IsGunthersSquareRoot()
    {
        var model = new UslModel(0.001, 0.00001, 1);

        // R usl tests/peak-scalability.R: peak.scalability(u, 0.001, 0.00001) is 320 to 2 significant figures.
        Assert.Equal(Math.Sqrt(0.999 / 0.00001), model.PeakConcurrency!.Value, 1e-9);
        Assert.Equal(320, Math.Round(model.PeakConcurrency.Value / 10) * 10);
    }

    [Fact]
    public void PeakConcurrency_WithoutCoherency_IsNullAndThroughputApproachesTheCeiling()
    {
        var model = new UslModel(0.05, 0, 20);

        Assert.Null(model.PeakConcurrency);
        Assert.Null(model.PeakThroughput);
        Assert.Equal(400, model.AmdahlCeiling!.Value, 1e-9);
        Assert.InRange(model.Throughput(1e7), 399.9, 400);
    }

    [Fact]
    public void PeakThroughput_IsTheMaximumOfTheCurve()
    {
        var model = new UslModel(0.02671591, 7.690945e-4, 995.6486);

        var peak = model.PeakConcurrency!.Value;
        Assert.True(model.PeakThroughput > model.Throughput(peak - 1));
        Assert.True(model.PeakThroughput > model.Throughput(peak + 1));
    }

    [Fact]
    public void PeakConcurrency_FullySerialisedWithCoherency_IsOne()
    {
        var model = new UslModel(1, 0.01, 100);

        Assert.Equal(1, model.PeakConcurrency);
        Assert.Equal(100, model.PeakThroughput!.Value, 1e-9);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(35)]
    [InlineData(200)]
    public void EfficiencyAndOverheadShares_AddUpToOne(double n)
    {
        var model = new UslModel(0.03, 0.0005, 500);

        Assert.Equal(1, model.Efficiency(n) + model.ContentionShare(n) + model.CoherencyShare(n), 1e-12);
        Assert.Equal(model.Throughput(n) / (model.Lambda * n), model.Efficiency(n), 1e-12);
    }

    [Fact]
    public void LatencySeconds_IsLittlesLaw()
    {
        var model = new UslModel(0.03, 0.0005, 500);

        Assert.Equal(20 / model.Throughput(20), model.LatencySeconds(20), 1e-12);
    }

    [Theory]
    [InlineData(0.03, 0.0005, 500, 0.005)]
    [InlineData(0.03, 1e-9, 500, 0.05)]
    [InlineData(0.2, 0, 100, 0.1)]
    [InlineData(0, 0.001, 1000, 0.01)]
    [InlineData(0.9, 0.5, 10, 1)]
    public void ConcurrencyAtLatency_MeetsTheTargetExactly(double sigma, double kappa, double lambda, double targetSeconds)
    {
        var model = new UslModel(sigma, kappa, lambda);

        var n = model.ConcurrencyAtLatency(targetSeconds)!.Value;

        Assert.Equal(targetSeconds, model.LatencySeconds(n), targetSeconds * 1e-9);
    }

    [Fact]
    public void ConcurrencyAtLatency_TargetBelowOneUsersLatency_IsNull()
    {
        var model = new UslModel(0.03, 0.0005, 500); // R(1) = 2 ms

        Assert.Null(model.ConcurrencyAtLatency(0.001));
    }

    [Fact]
    public void ConcurrencyAtLatency_LinearScaling_IsUnbounded()
    {
        Assert.Equal(double.PositiveInfinity, new UslModel(0, 0, 500).ConcurrencyAtLatency(0.01));
    }

    [Fact]
    public void With_ReplacesOnlyTheNamedCoefficients()
    {
        var model = new UslModel(0.03, 0.0005, 500);

        Assert.Equal(new UslModel(0, 0.0005, 500), model.With(sigma: 0));
        Assert.Equal(new UslModel(0.03, 0, 600), model.With(kappa: 0, lambda: 600));
    }
}
