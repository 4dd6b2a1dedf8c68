using ScaleLab.Core.Results;
using ScaleLab.Experiments.Scaling;

namespace ScaleLab.Experiments.Tests.Scaling;

public sealed class GeneratorLimitTests
{
    [Theory]
    [InlineData(0.95, 0, "generator")]
    [InlineData(0.2, 60, "machine")]
    [InlineData(0.2, 20, null)]
    [InlineData(0.5, 0, null)]
    public void LimitOf_GeneratorCpuAndLateStarts_WhoLimitedTheRun(double utilization, long lateStarts, string? expected)
    {
        var run = new RunResult
        {
            Target = "http://127.0.0.1/",
            Model = "open",
            Requests = 1000,
            LatencyMs = LatencySummary.Empty,
            Generator = new GeneratorHealth(1, 1, utilization, utilization >= 0.9, lateStarts, 10, 50),
        };

        Assert.Equal(expected, ScaleExperiment.LimitOf(run));
    }

    [Fact]
    public void LimitOf_NoRun_Null() => Assert.Null(ScaleExperiment.LimitOf(null));
}
