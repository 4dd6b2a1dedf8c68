using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Tests.Scalability;

public sealed class ScalingEfficiencyTests
{
    [Theory]
    [InlineData(1, 100, 100, 1.0)]
    [InlineData(4, 320, 100, 0.8)]
    [InlineData(8, 1000, 100, 1.25)]
    public void Of_ThroughputAtN_IsTheShareOfLinearScaling(double n, double throughput, double oneUser, double expected)
    {
        Assert.Equal(expected, ScalingEfficiency.Of(n, throughput, oneUser), 12);
    }

    [Fact]
    public void Fit_PointEfficiency_IsMeasuredAgainstTheFittedLambda()
    {
        var analysis = ScalabilityAnalyzer.Analyze(ReferenceDatasets.SpecSdm91);

        var lambda = analysis.Usl.Model.Lambda;
        Assert.All(analysis.Points, p => Assert.Equal(ScalingEfficiency.Of(p.N, p.Throughput, lambda), p.Efficiency, 12));
    }

    [Fact]
    public void Diagnose_StepEfficiency_IsMeasuredAgainstTheBestThroughputPerUser()
    {
        // X(1) as DiagnoseStep.OneUserThroughput gives it: the best throughput per user of any step, no fit involved.
        double? oneUser = 90;

        var efficiency = DiagnoseStep.EfficiencyOf(4, 288, oneUser);

        Assert.Equal(Math.Round(ScalingEfficiency.Of(4, 288, 90), 3), efficiency);
        Assert.Equal(0.8, efficiency);
    }
}
