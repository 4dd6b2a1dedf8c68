using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Results;

namespace ScaleLab.Core.Tests.Diagnosis;

public sealed class DiagnoseStepTests
{
    [Fact]
    public void From_ManyResponsesPerUser_UsesCompletionsOverTime()
    {
        var run = Run(requests: 4000, throughput: 2000, meanMs: 1.9);

        var step = DiagnoseStep.From(4, run, oneUserThroughput: 600, ResourceUsage.None, null);

        Assert.Equal(ThroughputEstimate.Completions, step.ThroughputEstimate);
        Assert.Equal(2000, step.Throughput);
        Assert.Equal(2000 / (4 * 600.0), step.Efficiency!.Value, 3);
    }

    [Fact]
    public void From_FewResponsesPerUser_UsesLittlesLaw()
    {
        // 8 users of a 300 ms handler for 0.5 s: 16 responses, and a count that the window's edges distort.
        var run = Run(requests: 16, throughput: 21, meanMs: 300);

        var step = DiagnoseStep.From(8, run, oneUserThroughput: 3.33, ResourceUsage.None, null);

        Assert.Equal(ThroughputEstimate.LittlesLaw, step.ThroughputEstimate);
        Assert.Equal(8 / 0.3, step.Throughput, 1);
    }

    [Fact]
    public void From_MostlyErrors_KeepsCompletionsOverTime()
    {
        var run = Run(requests: 10, throughput: 5, meanMs: 2, errors: 8);

        var step = DiagnoseStep.From(4, run, oneUserThroughput: 100, ResourceUsage.None, null);

        Assert.Equal(ThroughputEstimate.Completions, step.ThroughputEstimate);
    }

    [Fact]
    public void From_GeneratorNearItsLimit_IsSaturatedEvenInAShortStep()
    {
        var run = Run(requests: 5000, throughput: 10_000, meanMs: 0.2) with
        {
            Generator = new GeneratorHealth(0.5, 100, Utilization: 0.93, Saturated: false, 0, 10, 0),
        };

        Assert.True(DiagnoseStep.From(2, run, 5000, ResourceUsage.None, null).GeneratorSaturated);
    }

    [Fact]
    public void VariationOf_SteadyIntervals_IsSmall()
    {
        var variation = DiagnoseStep.VariationOf([(100, 0.1), (102, 0.1), (98, 0.1), (101, 0.1)]);

        Assert.NotNull(variation);
        Assert.InRange(variation!.Value, 0, 0.03);
    }

    [Fact]
    public void VariationOf_HalvedInterval_IsLarge()
    {
        var variation = DiagnoseStep.VariationOf([(100, 0.1), (50, 0.1), (100, 0.1), (100, 0.1)]);

        Assert.InRange(variation!.Value, 0.2, 0.4);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(20)]
    public void VariationOf_TooFewIntervalsOrResponses_IsUnknown(long responses)
    {
        Assert.Null(DiagnoseStep.VariationOf(responses == 2 ? [(100, 0.1), (100, 0.1)] : [(responses, 0.1), (responses, 0.1), (responses, 0.1)]));
    }

    private static RunResult Run(long requests, double throughput, double meanMs, long errors = 0) => new()
    {
        Target = "http://127.0.0.1/",
        Model = "closed",
        Requests = requests,
        Errors = errors,
        ErrorRate = errors / (double)requests,
        Throughput = throughput,
        DurationSeconds = requests / throughput,
        LatencyMs = new LatencySummary(meanMs / 2, meanMs, meanMs, meanMs * 1.2, meanMs * 1.5, meanMs * 2, meanMs * 2, 0.1),
        Generator = new GeneratorHealth(0.1, 10, 0.1, false, 0, 10, 0),
    };
}
