using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Tests.Scalability;

public class FitPredictionTests
{
    private static readonly UslFit Schwartz = UslFitter.Fit(ReferenceDatasets.Schwartz);

    [Fact]
    public void Predict_WithinTheData_HasABandAroundTheFittedValueAndNoWarning()
    {
        var prediction = Schwartz.Predict(20);

        Assert.Equal(Schwartz.Model.Throughput(20), prediction.Throughput, 1e-9);
        Assert.True(prediction.ThroughputInterval!.Value.Contains(prediction.Throughput));
        Assert.True(prediction.LatencyMsInterval!.Value.Contains(prediction.LatencyMs));
        Assert.Equal(1000 * 20 / prediction.Throughput, prediction.LatencyMs, 1e-9);
        Assert.False(prediction.Extrapolated);
        Assert.Null(prediction.Warning);
    }

    [Fact]
    public void Predict_FarBeyondTheData_IsFlaggedAndHasAWiderBand()
    {
        var near = Schwartz.Predict(30);
        var far = Schwartz.Predict(100);

        Assert.True(far.Extrapolated);
        Assert.Equal(FitWarnings.ExtrapolationCode, far.Warning!.Code);
        var nearWidth = near.ThroughputInterval!.Value.Upper - near.ThroughputInterval.Value.Lower;
        var farWidth = far.ThroughputInterval!.Value.Upper - far.ThroughputInterval.Value.Lower;
        Assert.True(farWidth > nearWidth);
    }

    [Fact]
    public void Predict_AtTwiceTheLargestN_IsNotYetAnExtrapolation()
    {
        Assert.False(Schwartz.Predict(64).Extrapolated);
        Assert.True(Schwartz.Predict(64.5).Extrapolated);
    }

    [Fact]
    public void Predict_ThreePoints_HasNoBand()
    {
        var fit = UslFitter.Fit(ReferenceDatasets.Points([1, 4, 16], [100, 350, 900]));

        var prediction = fit.Predict(8);

        Assert.Null(prediction.ThroughputInterval);
        Assert.True(double.IsFinite(prediction.Throughput));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Predict_NonPositiveN_Throws(double n)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Schwartz.Predict(n));
    }

    [Fact]
    public void AtLatencyTarget_IsTheLargestWholeLoadUnderTheTarget()
    {
        var capacity = Schwartz.AtLatencyTarget(TimeSpan.FromMilliseconds(2));

        var n = capacity.MaxConcurrencyFloor!.Value;
        Assert.True(capacity.Reachable);
        Assert.True(1000 * Schwartz.Model.LatencySeconds(n) <= 2);
        Assert.True(1000 * Schwartz.Model.LatencySeconds(n + 1) > 2);
        Assert.Equal(Schwartz.Model.Throughput(n), capacity.Throughput!.Value, 1e-9);
        Assert.False(capacity.BeyondPeak);
    }

    [Fact]
    public void AtLatencyTarget_LooseTargetPastThePeak_PointsAtThePeakInstead()
    {
        var capacity = Schwartz.AtLatencyTarget(TimeSpan.FromSeconds(1));

        Assert.True(capacity.BeyondPeak);
        Assert.True(capacity.MaxConcurrency > Schwartz.PeakConcurrency);
        Assert.InRange(capacity.BestConcurrency!.Value, 34, 36);
        Assert.True(capacity.BestThroughput > capacity.Throughput);
    }

    [Fact]
    public void AtLatencyTarget_TighterThanOneUser_IsUnreachable()
    {
        var capacity = Schwartz.AtLatencyTarget(TimeSpan.FromMilliseconds(0.5));

        Assert.False(capacity.Reachable);
        Assert.Null(capacity.MaxConcurrency);
    }

    [Fact]
    public void WhatIf_RemovingContention_RaisesThroughputAndThePeak()
    {
        var whatIf = WhatIfComparison.Compare(Schwartz.Model, sigma: 0, kappa: null, lambda: null, [8, 16, 32]);

        Assert.Equal(0, whatIf.WhatIf.Sigma);
        Assert.Equal(Schwartz.Model.Kappa, whatIf.WhatIf.Kappa);
        Assert.All(whatIf.Points, p => Assert.True(p.Gain > 0));
        Assert.True(whatIf.WhatIf.PeakConcurrency > Schwartz.PeakConcurrency);
    }

    [Theory]
    [InlineData(-0.1, null, null)]
    [InlineData(1.5, null, null)]
    [InlineData(null, -1.0, null)]
    [InlineData(null, null, 0.0)]
    public void WhatIf_OutOfRange_Throws(double? sigma, double? kappa, double? lambda)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WhatIfComparison.Compare(Schwartz.Model, sigma, kappa, lambda, [1]));
    }
}
