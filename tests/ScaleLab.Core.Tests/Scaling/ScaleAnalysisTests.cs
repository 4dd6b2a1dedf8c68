using ScaleLab.Core.Scaling;
using static ScaleLab.Core.Tests.Scaling.Steps;

namespace ScaleLab.Core.Tests.Scaling;

public sealed class ScaleAnalysisTests
{
    private const int Cores = 2;

    [Fact]
    public void Of_NearLinear_LinearWithoutBottleneck()
    {
        var analysis = ScaleAnalysis.Of([At(1, 200), At(2, 390), At(4, 760)], Cores);

        Assert.Equal("linear", analysis.Verdict!.Kind);
        Assert.Equal("none", analysis.Verdict.Cause);
        Assert.Null(analysis.Verdict.Bottleneck);
        Assert.Contains("Linear scaling", analysis.Verdict.Summary);
    }

    [Fact]
    public void Of_FlatteningWithoutSaturatedTier_SubLinearContentionCoordination()
    {
        // X(N) = N / (1 + 0.4 (N − 1)) × 200: Amdahl with σ = 0.4.
        var analysis = ScaleAnalysis.Of([At(1, 200), At(2, 285.7), At(4, 363.6), At(8, 421.1)], Cores);

        Assert.Equal("sub-linear", analysis.Verdict!.Kind);
        Assert.Equal("contention", analysis.Verdict.Cause);
        Assert.Equal("coordination", analysis.Verdict.Bottleneck);
        Assert.InRange(analysis.Usl!.Sigma, 0.35, 0.45);
        Assert.Contains("a coordination problem, not a capacity problem", analysis.Verdict.Summary);
    }

    [Fact]
    public void Of_CapacityFallsAtFour_RetrogradeCoherency()
    {
        // σ = 0.05, κ = 0.1: the peak is near 3 replicas.
        var analysis = ScaleAnalysis.Of([At(1, 200), At(2, 317.5), At(4, 300.4)], Cores);

        Assert.Equal("retrograde", analysis.Verdict!.Kind);
        Assert.Equal("coherency", analysis.Verdict.Cause);
        Assert.True(analysis.Usl!.Kappa > 0);
    }

    [Fact]
    public void Of_DatabaseSaturated_NamesTheDatabaseInTheSeedsWords()
    {
        var analysis = ScaleAnalysis.Of(
        [
            At(1, 200, tiers: [Tier("db-0", "database", 0.9), Tier("replica-1", "replica", 0.3)]),
            At(2, 300, tiers: [Tier("db-0", "database", 1.94), Tier("replica-1", "replica", 0.2), Tier("replica-2", "replica", 0.2)]),
            At(4, 336, tiers: [Tier("db-0", "database", 1.96), Tier("replica-1", "replica", 0.1)]),
        ], Cores);

        var verdict = analysis.Verdict!;
        Assert.Equal("saturation", verdict.Cause);
        Assert.Equal("database", verdict.Bottleneck);
        Assert.StartsWith("Adding replicas 2 to 4 added 12% capacity", verdict.Summary);
        Assert.Contains("while the database tier is at 97% CPU", verdict.Summary);
        Assert.Contains("scaling the replicas is scaling the wrong component", verdict.Summary);
    }

    [Fact]
    public void Of_BusyMachineDominatedByTheDatabase_DatabaseNotTheMachine()
    {
        var analysis = ScaleAnalysis.Of(
        [
            At(1, 200, machine: 60, tiers: [Tier("db-0", "database", 0.5), Tier("replica-1", "replica", 0.4)]),
            At(2, 260, machine: 97, tiers: [Tier("db-0", "database", 1.2), Tier("replica-1", "replica", 0.3), Tier("replica-2", "replica", 0.3)]),
        ], Cores);

        Assert.Equal("database", analysis.Verdict!.Bottleneck);
        Assert.DoesNotContain(analysis.Steps, s => s.GeneratorLimited);
    }

    [Fact]
    public void Of_DatabaseAtItsCoreFlatOutButNotAtTheObjective_NamesTheDatabase()
    {
        // heavy-query on a quiet machine: PostgreSQL on one core. A p99 objective stops the capacity rate at about
        // 75% of that core (a single server's tail grows long before 100%), but the warm-up, flat out, holds it full.
        var analysis = ScaleAnalysis.Of(
        [
            At(1, 130, machine: 45, tiers: [Db(0.55), Tier("replica-1", "replica", 0.2)]) with { FlatOutTiers = [Db(0.62), Tier("replica-1", "replica", 0.25)] },
            At(2, 174, machine: 60, tiers: [Db(0.74), Tier("replica-1", "replica", 0.15), Tier("replica-2", "replica", 0.15)]) with { FlatOutTiers = [Db(0.97)] },
            At(4, 180, machine: 62, tiers: [Db(0.76), Tier("replica-1", "replica", 0.08)]) with { FlatOutTiers = [Db(0.99)] },
        ], Cores);

        var verdict = analysis.Verdict!;
        Assert.Equal("saturation", verdict.Cause);
        Assert.Equal("database", verdict.Bottleneck);
        Assert.Contains("while the database tier is at 97% CPU (0.97 of 1 cores) when driven flat out from 2 replicas", verdict.Summary);
        Assert.Contains("scaling the wrong component", verdict.Summary);
    }

    [Fact]
    public void Of_FlatOutLimitedByTheReplicas_NoSaturatedTier()
    {
        var analysis = ScaleAnalysis.Of(
        [
            At(1, 190, tiers: [Db(0.3)]) with { FlatOutTiers = [Db(0.35)] },
            At(2, 300, tiers: [Db(0.5)]) with { FlatOutTiers = [Db(0.6)] },
            At(4, 380, tiers: [Db(0.6)]) with { FlatOutTiers = [Db(0.7)] },
        ], Cores);

        Assert.NotEqual("saturation", analysis.Verdict!.Cause);
        Assert.Equal("coordination", analysis.Verdict.Bottleneck);
    }

    [Fact]
    public void Of_MachineBusyWithOthersAndTheDatabaseAboveTheReplicas_TheMachineNotTheDatabase()
    {
        // What a busy machine (other builds) did: the database at 15% of its core, more than the replicas' 10%,
        // while the experiment's processes used a fifth of the machine: the database saturates nothing.
        var analysis = ScaleAnalysis.Of(
        [
            At(1, 28, machine: 99.5, tiers: [Db(0.15), Tier("replica-1", "replica", 0.1), Tier("generator", "generator", 0.03)]),
            At(2, 67, machine: 100, tiers: [Db(0.36), Tier("replica-1", "replica", 0.1), Tier("replica-2", "replica", 0.1)]),
        ], Cores);

        Assert.All(analysis.Steps, s => Assert.Equal("machine", s.LimitedBy));
        Assert.Equal("inconclusive", analysis.Verdict!.Kind);
        Assert.NotEqual("database", analysis.Verdict.Bottleneck);
    }

    [Fact]
    public void Of_MachineBusyButTheDatabaseAtItsCoreFlatOut_DatabaseNamedNotTheMachine()
    {
        // PostgreSQL pinned to its own core (nice -20) still fills it on a busy machine: a finding, not a limit.
        var analysis = ScaleAnalysis.Of(
        [
            At(1, 100, machine: 60, tiers: [Db(0.5), Tier("replica-1", "replica", 0.2)]) with { FlatOutTiers = [Db(0.6)] },
            At(2, 120, machine: 98, tiers: [Db(0.7), Tier("replica-1", "replica", 0.1)]) with { FlatOutTiers = [Db(0.95)] },
        ], Cores);

        Assert.False(analysis.Steps[1].GeneratorLimited);
        Assert.Equal("database", analysis.Verdict!.Bottleneck);
        Assert.Equal("saturation", analysis.Verdict.Cause);
    }

    [Fact]
    public void Of_DatabaseShortOfItsCoreButQueuedForIt_NamesTheDatabase()
    {
        // A busy machine lends the rest of the database's core to other threads: 76% used, and 5 of its backends
        // queued for it on average, more than a single server at 85% holds. It asks for more than its core: saturated.
        var analysis = ScaleAnalysis.Of(
        [
            At(1, 100, tiers: [Db(0.45, waiting: 0.6), Tier("replica-1", "replica", 0.2)]),
            At(2, 149, tiers: [Db(0.74, waiting: 2.9)]) with { FlatOutTiers = [Db(0.76, waiting: 5)] },
            At(4, 150, tiers: [Db(0.7, waiting: 1.7)]) with { FlatOutTiers = [Db(0.8, waiting: 6.8)] },
        ], Cores);

        Assert.Equal("database", analysis.Verdict!.Bottleneck);
        Assert.Contains("at 76% CPU (0.76 of 1 cores; 5 of its threads queued for a CPU on average) when driven flat out from 2 replicas", analysis.Verdict.Summary);
    }

    [Fact]
    public void Of_DatabaseHalfBusyWithTheQueueAHalfBusyServerHas_NotSaturated()
    {
        // A one-core database at 54% holds about one query queued on average (ρ/(1−ρ)): busy, not saturated; the
        // replica's four workers are what limits one replica.
        var analysis = ScaleAnalysis.Of(
        [
            At(1, 100, tiers: [Db(0.54, waiting: 0.82), Tier("replica-1", "replica", 0.2)]) with { FlatOutTiers = [Db(0.43, waiting: 1.4)] },
            At(2, 190, tiers: [Db(0.6, waiting: 1.1), Tier("replica-1", "replica", 0.2)]) with { FlatOutTiers = [Db(0.65, waiting: 1.5)] },
        ], Cores);

        Assert.NotEqual("saturation", analysis.Verdict!.Cause);
    }

    [Fact]
    public void Of_BalancerStarvedByABusyMachine_WaitingAloneDoesNotSaturateIt()
    {
        // Using a tenth of the machine while waiting long for it: the machine starves it, it does not saturate.
        var balancer = Tier("balancer", "balancer", 0.2) with { CpuWaitCores = 1.8 };
        var analysis = ScaleAnalysis.Of(
        [
            At(1, 190, tiers: [balancer, Tier("replica-1", "replica", 0.3)]) with { FlatOutTiers = [balancer] },
            At(2, 300, tiers: [balancer, Tier("replica-1", "replica", 0.3)]) with { FlatOutTiers = [balancer] },
        ], Cores);

        Assert.NotEqual("balancer", analysis.Verdict!.Bottleneck);
        Assert.NotEqual("saturation", analysis.Verdict.Cause);
    }

    /// <summary>The lab's database tier on one core of its own, using <paramref name="cores"/>.</summary>
    private static TierUsage Db(double cores, double waiting = 0) => Tier("db", "database", cores, allowed: 1) with { CpuWaitCores = waiting };

    [Fact]
    public void Of_MachineBusyWithReplicas_RefusesBeyondThatStep()
    {
        var analysis = ScaleAnalysis.Of(
        [
            At(1, 200, machine: 40, tiers: [Tier("replica-1", "replica", 0.4)]),
            At(2, 400, machine: 70, tiers: [Tier("replica-1", "replica", 0.4), Tier("replica-2", "replica", 0.4)]),
            At(4, 420, machine: 99, tiers: [Tier("replica-1", "replica", 0.45), Tier("balancer", "balancer", 0.3)]),
        ], Cores);

        var verdict = analysis.Verdict!;
        Assert.Equal("linear", verdict.Kind);
        Assert.Contains("At 4 replicas the machine was the limit", verdict.Summary);
        Assert.Equal("machine", analysis.Steps[2].LimitedBy);
        Assert.Contains(analysis.Warnings, w => w.StartsWith("4 replica(s): the machine was the limit", StringComparison.Ordinal));
    }

    [Fact]
    public void Of_GeneratorLimitedFromTheSecondStep_Inconclusive()
    {
        var analysis = ScaleAnalysis.Of([At(1, 200), At(2, 300) with { GeneratorLimited = true, LimitedBy = "generator" }], Cores);

        Assert.Equal("inconclusive", analysis.Verdict!.Kind);
        Assert.StartsWith("No verdict", analysis.Verdict.Summary);
    }

    [Fact]
    public void Of_TwoCountsFlattening_SubLinearWithoutAFit()
    {
        var analysis = ScaleAnalysis.Of([At(1, 900), At(2, 1000)], Cores);

        Assert.Null(analysis.Usl);
        Assert.Equal("sub-linear", analysis.Verdict!.Kind);
        Assert.Equal("contention", analysis.Verdict.Cause);
        Assert.Contains("measure three or more counts", analysis.Verdict.Summary);
    }

    [Fact]
    public void Of_OneStep_NoVerdictNoFit()
    {
        var analysis = ScaleAnalysis.Of([At(1, 200)], Cores);

        Assert.Null(analysis.Verdict);
        Assert.Null(analysis.Usl);
    }

    [Fact]
    public void Of_ThreeCounts_FitsAndWarnsAboutIntervals()
    {
        var analysis = ScaleAnalysis.Of([At(1, 200), At(2, 380), At(4, 700)], Cores);

        Assert.NotNull(analysis.Usl);
        Assert.Contains(analysis.Warnings, w => w.Contains("no confidence intervals", StringComparison.Ordinal));
    }

    [Fact]
    public void ScaleOutSeries_CoresAndReplicasVaried_TheSizeWithMostCounts()
    {
        var series = ScaleAnalysis.ScaleOutSeries([At(1, 100, cpus: 1), At(2, 190, cpus: 1), At(4, 350, cpus: 1), At(1, 180, cpus: 2)]);

        Assert.Equal([1, 2, 4], series.Select(s => s.Replicas));
        Assert.All(series, s => Assert.Equal(1, s.Cpus));
    }

    [Fact]
    public void Comparison_CpusAndReplicas_ScaleUpBesideScaleOutForTheSameCores()
    {
        var rows = ScaleComparison.From([At(1, 100, cpus: 1), At(2, 190, cpus: 1), At(1, 150, cpus: 2), At(2, 280, cpus: 2)]);

        var row = Assert.Single(rows);
        Assert.Equal(2, row.Cores);
        Assert.Equal(150, row.ScaleUpCapacity);
        Assert.Equal(2, row.ScaleOutReplicas);
        Assert.Equal(190, row.ScaleOutCapacity);
        Assert.Equal("scale-out", row.Better);
    }

    [Fact]
    public void Comparison_OnlyReplicas_Empty() => Assert.Empty(ScaleComparison.From([At(1, 100), At(2, 190)]));

    [Theory]
    [InlineData(99, 0.001, true)]
    [InlineData(101, 0, false)]
    [InlineData(50, 0.002, false)]
    public void Objective_IsMet_LatencyAndErrorsBothWithin(double latency, double errors, bool met) =>
        Assert.Equal(met, new ScaleObjective(99, 100, 0.001).IsMet(latency, errors));
}
