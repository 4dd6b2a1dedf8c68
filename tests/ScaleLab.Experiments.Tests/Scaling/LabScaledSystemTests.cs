using ScaleLab.Core.Results;
using ScaleLab.Core.Scaling;
using ScaleLab.Experiments.Scaling;
using ScaleLab.Experiments.Tests.Support;
using ScaleLab.Load.Http;

namespace ScaleLab.Experiments.Tests.Scaling;

/// <summary>The live path: the real lab (its CLI's processes), resized between two steps and measured.</summary>
public sealed class LabScaledSystemTests
{
    [Fact]
    public async Task Run_BaselineOneThenTwoReplicas_EveryTierMeasuredAndCapacityFound()
    {
        await using var lab = new LabScaledSystem(new LabScaledSystemOptions
        {
            Scenario = "baseline",
            LabUpCommand = ScalelabCli.Command("lab", "up"),
            StoreCommand = ScalelabCli.Command("lab", "store"),
        });
        var plan = new ScalePlan
        {
            Sizes = [new ScaleSize(1), new ScaleSize(2)],
            // A loose objective and room to search down: the test is about the tiers and the wiring, and a quiet
            // fresh clone once saw every probe of 250 ms fail while other test classes held the CPU.
            Objective = new ScaleObjective(99, 5000, 0.001),
            CreateFactory = (uri, options) => HttpTargets.Create(new Uri(uri, "/healthz"), options),
            ProbeDuration = TimeSpan.FromSeconds(1),
            ProbeWarmup = TimeSpan.FromMilliseconds(300),
            MaxWarmup = TimeSpan.FromSeconds(8),
            MaxProbes = 6,
            MaxDuration = TimeSpan.FromMinutes(3),
        };

        var result = await new ScaleExperiment(lab, plan).RunAsync(ResultHeader.Create("scale", TimeProvider.System.GetUtcNow(), "test"), null, CancellationToken.None);

        Assert.Equal([1, 2], result.Steps.Select(s => s.Replicas));
        Assert.All(result.Steps, s => Assert.True(s.Capacity > 0));
        Assert.Equal(1, result.Steps[0].Efficiency);
        Assert.True(result.Steps[1].Efficiency > 0);
        var tiers = result.Steps[1].Tiers.Select(t => t.Name).ToArray();
        Assert.Contains("balancer", tiers);
        Assert.Contains("store", tiers);
        Assert.Contains("replica-1", tiers);
        Assert.Contains("replica-2", tiers);
        Assert.Contains("generator", tiers);
        // The warm-up's flat-out end is sampled too: where the tier that limits throughput shows at its cores.
        Assert.Contains(result.Steps[1].FlatOutTiers, t => t.Name == "replica-2");
        Assert.Equal("lab baseline", result.Target);
    }
}
