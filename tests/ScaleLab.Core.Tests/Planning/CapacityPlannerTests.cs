using ScaleLab.Core.Planning;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scaling;

namespace ScaleLab.Core.Tests.Planning;

public sealed class CapacityPlannerTests
{
    // A USL with σ = 0.1, κ = 0.0005 over replicas (N* ≈ 42, peak ≈ 7,000/s), rounded as a measurement would be;
    // and one replica with 1, 2 and 4 cores.
    private static readonly (int Replicas, int Cpus, double Capacity)[] SeedLike =
        [(1, 1, 1000), (2, 1, 1810), (3, 1, 2510), (4, 1, 3050), (6, 1, 3980), (8, 1, 4610), (1, 2, 1850), (1, 4, 3100)];

    private static readonly InstanceCatalog Catalog = InstanceCatalog.Parse("""
        [ { "name": "small", "vCPUs": 2, "memoryGiB": 8, "pricePerHour": 0.1 },
          { "name": "medium", "vCPUs": 8, "memoryGiB": 32, "pricePerHour": 0.4 },
          { "name": "large", "vCPUs": 32, "memoryGiB": 128, "pricePerHour": 1.6 } ]
        """);

    [Fact]
    public void Plan_TargetWithinReach_ScalesOutToTheSmallestCountWhoseLowerBandCoversIt()
    {
        var plan = CapacityPlanner.Plan(Request(Scale(SeedLike), target: 5000));

        var scaleOut = plan.Options.Single(o => o.Kind == "scale-out");
        Assert.True(scaleOut.Reachable);
        Assert.Equal("small", scaleOut.Instance);
        Assert.InRange(scaleOut.Count, 9, 14);
        Assert.True(scaleOut.ThroughputCi!.Value.Lower >= 5000);
        Assert.True(scaleOut.Headroom >= 0);
        Assert.Equal(Math.Round(0.1 * 730 * scaleOut.Count, 2), scaleOut.MonthlyCost);
        // One fewer is not enough by the lower band: the count is the smallest.
        var fewer = plan.CostCurve.ScaleOut.Single(p => p.Count == scaleOut.Count - 1);
        Assert.True(fewer.Throughput < scaleOut.Throughput);
        Assert.Equal(scaleOut.Count, plan.ScaleOut!.NeededCount);
    }

    [Fact]
    public void Plan_TargetPastThePeak_IsUnreachableAndSaysWhatKappaWouldHaveToBe()
    {
        // Past the peak (≈ 6,200/s) but under Amdahl's ceiling λ/σ (≈ 10,700/s): a smaller κ would reach it.
        var plan = CapacityPlanner.Plan(Request(Scale(SeedLike), target: 10_000));

        var scaleOut = plan.Options.Single(o => o.Kind == "scale-out");
        Assert.False(scaleOut.Reachable);
        Assert.Null(plan.ScaleOut!.NeededCount);
        Assert.NotNull(plan.ScaleOut.PeakReplicas);
        Assert.True(plan.ScaleOut.KappaNeeded < plan.ScaleOut.Kappa);
        Assert.Contains(scaleOut.Notes, n => n.Contains("N* =", StringComparison.Ordinal));
        Assert.Equal("none", plan.Recommendation.Kind);
    }

    [Fact]
    public void Plan_TargetPastBothCeilings_SaysNeitherCoefficientAloneWouldDo()
    {
        // Past Amdahl's ceiling λ/σ (so no κ would do) and past what σ = 0 gives with κ as measured (≈ 14,400/s).
        var plan = CapacityPlanner.Plan(Request(Scale(SeedLike), target: 20_000));

        Assert.Null(plan.ScaleOut!.KappaNeeded);
        Assert.Null(plan.ScaleOut.SigmaNeeded);
        Assert.Contains(plan.Recommendation.Reasons, r => r.StartsWith("neither σ nor κ alone", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_NoMachineBigEnough_ScaleUpSaysWhereTheLargestRunsOut()
    {
        var plan = CapacityPlanner.Plan(Request(Scale(SeedLike), target: 5000));

        var scaleUp = plan.Options.Single(o => o.Kind == "scale-up");
        Assert.False(scaleUp.Reachable);
        Assert.Equal("large", plan.ScaleUp!.LargestInstance);
        Assert.Contains(scaleUp.Notes, n => n.Contains("the catalog's largest machine (large", StringComparison.Ordinal));
        Assert.Equal("scale-out", plan.Recommendation.Kind);
    }

    [Fact]
    public void Plan_SmallTarget_ScaleUpOnOneMachineIsCheaper()
    {
        var plan = CapacityPlanner.Plan(Request(Scale(SeedLike), target: 1500));

        var scaleUp = plan.Options.Single(o => o.Kind == "scale-up");
        Assert.True(scaleUp.Reachable);
        Assert.Equal("small", scaleUp.Instance);
        Assert.Equal(1, scaleUp.Count);
        // Two small replicas cost twice one small machine: more than the allowance for resilience.
        Assert.Equal("scale-up", plan.Recommendation.Kind);
    }

    [Fact]
    public void Plan_Growth3x_TargetsThreeTimesTheMeasuredPeak()
    {
        var plan = CapacityPlanner.Plan(Request(Scale(SeedLike), target: null, growth: 3));

        Assert.Equal(4610, plan.MeasuredPeak);
        Assert.Equal(3 * 4610, plan.Target);
    }

    [Fact]
    public void Plan_OneStep_ThrowsWithOneLine()
    {
        var error = Assert.Throws<PlanningException>(() => CapacityPlanner.Plan(Request(Scale([(1, 1, 1000)]), target: 5000)));

        Assert.Contains("one step", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Plan_TwoReplicaCounts_DrawsAmdahlThroughBothPoints()
    {
        // 1 → 1000, 2 → 1800: σ = 1/9 exactly, so X(4) = 4000 / (1 + 3/9) = 3000.
        var plan = CapacityPlanner.Plan(Request(Scale([(1, 1, 1000), (2, 1, 1800)]), target: 2900));

        Assert.Equal(1.0 / 9, plan.ScaleOut!.Sigma, 9);
        Assert.Equal(0, plan.ScaleOut.Kappa);
        Assert.Equal(4, plan.ScaleOut.NeededCount);
        Assert.Null(plan.ScaleUp);
    }

    [Fact]
    public void Plan_LosingOneOfN_ReportsTheShareAndTheCountWithASpare()
    {
        var plan = CapacityPlanner.Plan(Request(Scale(SeedLike), target: 3000));

        var failure = plan.ScaleOut!.Failure!;
        Assert.Equal(plan.ScaleOut.NeededCount, failure.Count);
        Assert.Equal(1.0 / failure.Count, failure.IdealLostShare, 3);
        Assert.InRange(failure.LostShare, 0.01, 1.0 / failure.Count);
        Assert.Equal(failure.Count + 1, failure.CountWithOneSpare);
    }

    [Fact]
    public void Parse_CatalogWithoutInstances_Throws()
    {
        Assert.Throws<PlanningException>(() => InstanceCatalog.Parse("""{ "instances": [] }"""));
        Assert.Throws<PlanningException>(() => InstanceCatalog.Parse("""[ { "name": "x", "vCPUs": 0, "pricePerHour": 1 } ]"""));
        Assert.Throws<PlanningException>(() => InstanceCatalog.Parse("not json"));
    }

    private static PlanRequest Request(ScaleResult scale, double? target, double? growth = null) =>
        new(scale, null, target, growth, null, Catalog);

    internal static ScaleResult Scale((int Replicas, int Cpus, double Capacity)[] steps) => new()
    {
        Target = "lab baseline",
        Slo = new ScaleObjective(99, 100, 0.001),
        Steps = [.. steps.Select(s => new ScaleStep
        {
            Replicas = s.Replicas,
            Cpus = s.Cpus,
            Capacity = s.Capacity,
            Efficiency = s.Capacity / (s.Replicas * s.Cpus * 1000.0),
            LatencyMs = new LatencySummary(1, 20, 20 + s.Replicas, 40, 60 + s.Replicas, 90, 120, 10),
            Requests = 10_000,
        })],
    };
}
