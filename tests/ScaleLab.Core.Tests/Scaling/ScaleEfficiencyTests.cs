using ScaleLab.Core.Scaling;

namespace ScaleLab.Core.Tests.Scaling;

public sealed class ScaleEfficiencyTests
{
    [Fact]
    public void Fill_SeedArticleServers_NinetyThenEightyPercent()
    {
        var steps = ScaleEfficiency.Fill([Steps.At(1, 1000), Steps.At(2, 1800), Steps.At(4, 3200), Steps.At(10, 7000)]);

        Assert.Equal([1, 0.9, 0.8, 0.7], steps.Select(s => s.Efficiency));
    }

    [Fact]
    public void Fill_TwoCoreCounts_EachAgainstItsOwnSingleReplica()
    {
        var steps = ScaleEfficiency.Fill([Steps.At(1, 100, cpus: 1), Steps.At(2, 180, cpus: 1), Steps.At(1, 150, cpus: 2), Steps.At(2, 300, cpus: 2)]);

        Assert.Equal([1, 0.9, 1, 1], steps.Select(s => s.Efficiency));
    }

    [Fact]
    public void Fill_SmallestCountAboveOne_PerReplicaOfIt()
    {
        var steps = ScaleEfficiency.Fill([Steps.At(2, 400), Steps.At(4, 600)]);

        Assert.Equal(0.75, steps[1].Efficiency);
    }

    [Fact]
    public void Of_NothingServedByOne_Zero() => Assert.Equal(0, ScaleEfficiency.Of(500, 2, 0));
}
