using ScaleLab.Core.Diagnosis;
using static ScaleLab.Core.Tests.Diagnosis.Steps;

namespace ScaleLab.Core.Tests.Diagnosis;

public sealed class VerdictRulesTests
{
    [Fact]
    public void Judge_SlowForOneUserAndLinear_IsPerformance()
    {
        // A 300 ms handler with no shared resource: every user waits 300 ms, throughput grows with N.
        var steps = Usl(0, 0, lambda: 3.3, p99: _ => 305);

        var verdict = Judge(steps).Verdict!;

        Assert.Equal(VerdictKind.Performance, verdict.Kind);
        Assert.Equal(VerdictCause.None, verdict.Cause);
        Assert.Contains(verdict.Evidence, e => e.Contains("305 ms", StringComparison.Ordinal) && e.Contains("past the objective", StringComparison.Ordinal));
        Assert.Contains(verdict.Advice, a => a.StartsWith("Profile one request", StringComparison.Ordinal));
        Assert.Contains(verdict.Advice, a => a.Contains("More servers will not help", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_OneUserSomeErrors_IsPerformance()
    {
        var steps = new List<DiagnoseStep> { At(1, 500, 500, p99: 3, errorRate: 0.05) };

        var verdict = Judge(steps).Verdict!;

        Assert.Equal(VerdictKind.Performance, verdict.Kind);
        Assert.Contains(verdict.Evidence, e => e.Contains("5% of requests failed", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_OneUserGets404Everywhere_IsFailingWithTheStatusCodes()
    {
        var baseline = At(1, 3868, 3868, p99: 0.3, errorRate: 1, requests: 250) with
        {
            StatusCodes = new Dictionary<string, long> { ["404"] = 250 },
            ErrorKinds = new Dictionary<string, long> { ["http4xx"] = 250 },
        };

        var judgement = Judge([baseline]);
        var verdict = judgement.Verdict!;

        Assert.Equal(VerdictKind.Failing, verdict.Kind);
        Assert.Equal(VerdictCause.None, verdict.Cause);
        Assert.Null(judgement.Analysis);
        Assert.Contains("failing, not slow", verdict.Summary, StringComparison.Ordinal);
        Assert.Contains(verdict.Evidence, e => e == "status codes: 404: 250");
        Assert.Contains(verdict.Evidence, e => e == "errors by kind: http4xx: 250");
        Assert.Contains(verdict.Advice, a => a.StartsWith("Check the URL", StringComparison.Ordinal));
        Assert.DoesNotContain(verdict.Advice, a => a.Contains("N+1", StringComparison.Ordinal) || a.Contains("Profile", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_OneUserTimingOut_IsFailingAndSaysSo()
    {
        var baseline = At(1, 0.1, 0.1, errorRate: 1, requests: 1) with { ErrorKinds = new Dictionary<string, long> { ["timeout"] = 1 } };

        var verdict = Judge([baseline]).Verdict!;

        Assert.Equal(VerdictKind.Failing, verdict.Kind);
        Assert.Contains(verdict.Evidence, e => e == "errors by kind: timeout: 1");
        Assert.Contains(verdict.Advice, a => a.Contains("did not answer within --timeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_ErrorsJustUnderTheFailingShare_IsPerformance()
    {
        var steps = new List<DiagnoseStep> { At(1, 500, 500, p99: 3, errorRate: 0.49) };

        Assert.Equal(VerdictKind.Performance, Judge(steps).Verdict!.Kind);
    }

    [Fact]
    public void Judge_SlowOneUserAndLinear_SaysTheLargestLoadIsPastTheObjective()
    {
        var steps = Usl(0, 0, lambda: 10, p99: _ => 96.3);

        var verdict = VerdictRules.Judge(Input(steps, slo: new Slo(SloPercentile.P99, 50))).Verdict!;

        Assert.Equal(VerdictKind.Performance, verdict.Kind);
        Assert.Contains(verdict.Evidence, e => e.Contains("p99 96.3 ms past 50 ms", StringComparison.Ordinal));
        Assert.DoesNotContain(verdict.Evidence, e => e.Contains("within 50 ms", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_CustomMaxErrorRate_SummaryNamesTheErrors()
    {
        // 0.5% errors break a stricter objective of 0.1% while the latency is fine: the summary must say errors.
        var steps = new List<DiagnoseStep> { At(1, 500, 500, p99: 3, errorRate: 0.005) };
        var strict = DiagnosisThresholds.Default with { MaxErrorRate = 0.001 };

        var verdict = VerdictRules.Judge(Input(steps), strict).Verdict!;

        Assert.Equal(VerdictKind.Performance, verdict.Kind);
        Assert.Contains("0.5% of requests fail", verdict.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("past the objective", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_CustomMaxErrorRate_SymptomNamesTheErrors()
    {
        var steps = new List<DiagnoseStep>
        {
            At(1, 100, 100, p99: 15, cpu: 5), At(2, 200, 100, p99: 15, cpu: 5, errorRate: 0.005), At(4, 400, 100, p99: 15, cpu: 5, errorRate: 0.005),
        };
        var strict = DiagnosisThresholds.Default with { MaxErrorRate = 0.001 };

        var verdict = VerdictRules.Judge(Input(steps, users: 4), strict).Verdict!;

        Assert.Equal(VerdictKind.Scalability, verdict.Kind);
        Assert.Contains("requests start failing from 2 users", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_PoolOfEightFlattening_GivesTheKneeConcurrencyAndBothReadingsOfIt()
    {
        // The lab: 2 replicas × 4 workers, 24 ms a request: linear to 8 users, then flat at about 330 req/s.
        var steps = new List<DiagnoseStep>
        {
            At(1, 41.4, 41.4, cpu: 10), At(2, 82.2, 41.4, cpu: 12), At(4, 165, 41.4, cpu: 15),
            At(8, 331, 41.4, cpu: 20), At(16, 333, 41.4, cpu: 20), At(32, 335, 41.4, cpu: 21),
        };

        var verdict = Judge(steps, users: 32).Verdict!;

        Assert.Equal(VerdictCause.Contention, verdict.Cause);
        Assert.NotNull(verdict.KneeConcurrency);
        Assert.InRange(verdict.KneeConcurrency!.Value, 7.5, 8.5);
        Assert.Contains(verdict.Evidence, e => e.Contains("Little's law", StringComparison.Ordinal) && e.Contains("about 8 at a time", StringComparison.Ordinal));
        Assert.Contains(verdict.Advice, a => a.Contains("belongs to each instance", StringComparison.Ordinal) && a.Contains("more instances raise the ceiling", StringComparison.Ordinal));
        Assert.Contains(verdict.Advice, a => a.Contains("every instance shares it", StringComparison.Ordinal) && a.Contains("will not raise the ceiling", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_Healthy_HasNoKnee()
    {
        var steps = Usl(0.002, 0, lambda: 95, loads: [1, 2, 4, 8, 16], cpu: n => 2.0 * n);

        Assert.Null(Judge(steps, users: 16).Verdict!.KneeConcurrency);
    }

    [Fact]
    public void Judge_FlatThroughputWithLowCpu_IsScalabilityContention()
    {
        // One global lock around 5 ms: 200 req/s whatever the users.
        var steps = new List<DiagnoseStep> { At(1, 195, 195, cpu: 4), At(2, 199, 195, cpu: 4), At(4, 200, 195, cpu: 5) };

        var verdict = Judge(steps, users: 16).Verdict!;

        Assert.Equal(VerdictKind.Scalability, verdict.Kind);
        Assert.Equal(VerdictCause.Contention, verdict.Cause);
        Assert.Contains(verdict.Evidence, e => e.Contains("at most 5% of their 2 CPUs", StringComparison.Ordinal));
        Assert.Contains(verdict.Advice, a => a.StartsWith("Find the serialised section", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_FlatThroughputWithOneLowStep_StaysContention()
    {
        // A lock's flat line where the last step came out 9% low: the fit may prefer the USL, but σ dominates.
        var steps = new List<DiagnoseStep> { At(1, 123, 123, cpu: 14), At(2, 123, 123, cpu: 6), At(4, 112, 123, cpu: 6) };

        var verdict = Judge(steps, users: 16).Verdict!;

        Assert.Equal(VerdictKind.Scalability, verdict.Kind);
        Assert.Equal(VerdictCause.Contention, verdict.Cause);
    }

    [Fact]
    public void Judge_LockConvoyFallingOnThreeLoads_StaysContention()
    {
        // Measured on a busy two-core machine: a global lock whose hand-offs slow down as waiters queue. Three loads
        // fit the USL exactly, so the fit cannot vouch for κ, and σ still dominates.
        var steps = new List<DiagnoseStep> { At(1, 123.58, 123.58, cpu: 4.6), At(2, 121.38, 123.58, cpu: 6.8), At(4, 103.67, 123.58, cpu: 5.7) };

        var verdict = Judge(steps, users: 16).Verdict!;

        Assert.Equal(VerdictCause.Contention, verdict.Cause);
    }

    [Fact]
    public void Judge_ThroughputHalvingWithEachDoubling_IsCoherencyOnThreeLoads()
    {
        // delay = k × (requests in flight)²: X(N) = 1 / (kN), falling from the first user on.
        var steps = new List<DiagnoseStep> { At(1, 100, 100, cpu: 3), At(2, 50, 100, cpu: 3), At(4, 25, 100, cpu: 3) };

        Assert.Equal(VerdictCause.Coherency, Judge(steps, users: 16).Verdict!.Cause);
    }

    [Fact]
    public void Judge_OneStalledStepAfterTheBaseline_IsNoPeak()
    {
        // Two loads: a fall from one user to two is no peak to fall past.
        var steps = new List<DiagnoseStep> { At(1, 118.55, 118.55, cpu: 8), At(2, 10.62, 118.55, p99: 960, cpu: 1.4) };

        var verdict = Judge(steps, users: 16).Verdict!;

        Assert.Equal(VerdictKind.Scalability, verdict.Kind);
        Assert.Equal(VerdictCause.Contention, verdict.Cause);
    }

    [Fact]
    public void Judge_FlatThroughputWithFullCpu_IsScalabilitySaturation()
    {
        var steps = Usl(0.05, 0, lambda: 1000, loads: [1, 2, 4, 8, 16], cpu: n => Math.Min(97, 45.0 * n));

        var verdict = Judge(steps, users: 16).Verdict!;

        Assert.Equal(VerdictKind.Scalability, verdict.Kind);
        Assert.Equal(VerdictCause.Saturation, verdict.Cause);
        Assert.Contains(verdict.Evidence, e => e.Contains("97% of the 2 CPUs", StringComparison.Ordinal));
        Assert.Contains(verdict.Advice, a => a.Contains("scale up", StringComparison.Ordinal) && a.Contains("scale out", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_TargetSharingAFullMachine_IsSaturation()
    {
        // Two cores shared with the generator: the CPU-bound target gets half of them, and nothing is left.
        var oneUser = 400.0;
        var steps = new List<DiagnoseStep>
        {
            At(1, oneUser, oneUser, cpu: 30, machine: 55),
            At(2, 700, oneUser, cpu: 50, machine: 96),
            At(4, 720, oneUser, cpu: 52, machine: 99),
            At(8, 715, oneUser, cpu: 52, machine: 99),
        };

        var verdict = Judge(steps, users: 8).Verdict!;

        Assert.Equal(VerdictCause.Saturation, verdict.Cause);
    }

    [Fact]
    public void Judge_ThroughputFallingPastAPeak_IsScalabilityCoherency()
    {
        // σ = 0.01, κ = 0.01: N* ≈ 10, throughput at 32 is a third below the peak.
        var steps = Usl(0.01, 0.01, lambda: 200, cpu: _ => 10);

        var verdict = Judge(steps, users: 32).Verdict!;

        Assert.Equal(VerdictKind.Scalability, verdict.Kind);
        Assert.Equal(VerdictCause.Coherency, verdict.Cause);
        Assert.Contains(verdict.Evidence, e => e.Contains("N* = 9.9", StringComparison.Ordinal));
        Assert.Contains(verdict.Advice, a => a.StartsWith("Remove the all-to-all coordination", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_SteepFallWithFullCpu_IsStillCoherency()
    {
        // Work that grows with the requests in flight burns the CPU too; the growth is the cause.
        var steps = Usl(0.02, 0.02, lambda: 500, loads: [1, 2, 4, 8, 16], cpu: n => Math.Min(98, 30.0 * n));

        Assert.Equal(VerdictCause.Coherency, Judge(steps, users: 16).Verdict!.Cause);
    }

    [Fact]
    public void Judge_ShallowFallTheFitPutsOnKappa_IsCoherency()
    {
        // σ = 0, κ = 0.01: the peak is near 10 users, and 16 users get 8% less than 8 did.
        var steps = Usl(0, 0.01, lambda: 120, loads: [1, 2, 4, 8, 16], cpu: _ => 10);

        var verdict = Judge(steps, users: 16).Verdict!;

        Assert.Equal(VerdictCause.Coherency, verdict.Cause);
    }

    [Fact]
    public void Judge_SlowForOneUserAndFlatUnderLoad_IsBoth()
    {
        var steps = new List<DiagnoseStep> { At(1, 4, 4, p99: 260, cpu: 3), At(2, 4.1, 4, p99: 520, cpu: 3), At(4, 4.05, 4, p99: 1000, cpu: 3) };

        var verdict = Judge(steps, users: 16).Verdict!;

        Assert.Equal(VerdictKind.Both, verdict.Kind);
        Assert.Equal(VerdictCause.Contention, verdict.Cause);
        Assert.StartsWith("Profile one request", verdict.Advice[0], StringComparison.Ordinal);
        Assert.Contains(verdict.Advice, a => a.StartsWith("Find the serialised section", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_LinearAndWithinTheObjective_IsHealthy()
    {
        var steps = Usl(0.002, 0, lambda: 95, loads: [1, 2, 4, 8, 16], cpu: n => 2.0 * n);

        var judgement = Judge(steps, users: 16);

        Assert.Equal(VerdictKind.Healthy, judgement.Verdict!.Kind);
        Assert.Equal(VerdictCause.None, judgement.Verdict.Cause);
        Assert.Equal(ConfidenceLevel.High, judgement.Confidence.Level);
        Assert.Contains("16 users", judgement.Verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_LoneUserSlowerThanEachOfMany_CountsEfficiencyAgainstTheFasterFigure()
    {
        // Measured on a busy machine: 10 ms of waiting took a lone user 27 ms (wake-ups), but 12 ms with 16 users.
        var steps = new List<DiagnoseStep> { At(1, 37, 37, cpu: 30), At(2, 146, 37, cpu: 31), At(4, 289, 37, cpu: 41), At(8, 578, 37, cpu: 42), At(16, 1247, 37, cpu: 31) };

        var judgement = Judge(steps, users: 16);

        Assert.Equal(VerdictKind.Healthy, judgement.Verdict!.Kind);
        Assert.Contains(judgement.Confidence.Notes, n => n.Code == "slowBaseline" && n.Message.Contains("77.9 req/s", StringComparison.Ordinal));
        Assert.Contains("efficiency 1.00", judgement.Verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_EfficiencyJustUnderTheBar_IsScalability()
    {
        // σ = 0.02 at 16 users: efficiency 1 / (1 + 0.3) = 0.77.
        var steps = Usl(0.02, 0, lambda: 100, loads: [1, 2, 4, 8, 16], cpu: _ => 5);

        Assert.Equal(VerdictKind.Scalability, Judge(steps, users: 16).Verdict!.Kind);
    }

    [Fact]
    public void Judge_ObjectiveBrokenWhileEfficiencyHolds_IsScalability()
    {
        var steps = new List<DiagnoseStep>
        {
            At(1, 10, 10, p99: 150), At(2, 19, 10, p99: 180), At(4, 37, 10, p99: 230), At(8, 72, 10, p99: 290),
        };

        var verdict = Judge(steps, users: 8).Verdict!;

        Assert.Equal(VerdictKind.Scalability, verdict.Kind);
        Assert.Contains(verdict.Evidence, e => e.Contains("the objective broke from 4 users", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_OneSlowStepInTheMiddle_DoesNotDecide()
    {
        var steps = Usl(0, 0, lambda: 100, loads: [1, 2, 4, 8, 16], cpu: _ => 5);
        steps[2] = At(4, 250, 100, p99: 400, cpu: 5);

        Assert.Equal(VerdictKind.Healthy, Judge(steps, users: 16).Verdict!.Kind);
    }

    [Fact]
    public void Judge_ProblemOnlyPastTheUsersToServe_IsHealthy()
    {
        var steps = Usl(0.01, 0.01, lambda: 200, loads: [1, 2, 4, 8, 16, 32], cpu: _ => 5);

        Assert.Equal(VerdictKind.Healthy, Judge(steps, users: 2).Verdict!.Kind);
    }

    [Fact]
    public void Judge_SeparateGeneratorSaturated_DoesNotBlameTheTarget()
    {
        var steps = new List<DiagnoseStep>
        {
            At(1, 5000, 5000), At(2, 9800, 5000), At(4, 11_000, 5000, generatorSaturated: true),
        };

        var judgement = Judge(steps, users: 16);

        Assert.Equal(VerdictKind.Healthy, judgement.Verdict!.Kind);
        Assert.Equal(ConfidenceLevel.Low, judgement.Confidence.Level);
        Assert.Contains(judgement.Confidence.Notes, n => n.Code == "generatorSaturated");
    }

    [Fact]
    public void Judge_GeneratorSharedWithTarget_JudgesEveryStepAndSaysSo()
    {
        var steps = new List<DiagnoseStep>
        {
            At(1, 500, 500, cpu: 48), At(2, 900, 500, cpu: 92, generatorSaturated: true), At(4, 910, 500, cpu: 97, generatorSaturated: true),
        };

        var judgement = Judge(steps, users: 16, generatorIsSeparate: false);

        Assert.Equal(VerdictCause.Saturation, judgement.Verdict!.Cause);
        Assert.Contains(judgement.Confidence.Notes, n => n.Code == "generatorShared");
    }

    [Fact]
    public void Judge_NotWatched_SaysSaturationAndContentionLookAlike()
    {
        var steps = new List<DiagnoseStep> { At(1, 195, 195), At(2, 199, 195), At(4, 200, 195) };

        var judgement = Judge(steps, users: 16, watching: false);

        Assert.Equal(VerdictCause.Contention, judgement.Verdict!.Cause);
        var note = Assert.Single(judgement.Confidence.Notes, n => n.Code == "notWatched");
        Assert.Equal(ConfidenceLevel.Medium, note.Lowers);
        Assert.Contains("cannot be told apart", note.Message, StringComparison.Ordinal);
        Assert.Contains(judgement.Verdict.Advice, a => a.Contains("--watch", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_NotWatchedLocalTargetOnAFullMachine_IsSaturation()
    {
        var steps = new List<DiagnoseStep> { At(1, 800, 800, machine: 60), At(2, 1100, 800, machine: 97), At(4, 1120, 800, machine: 99) };

        var verdict = Judge(steps, users: 16, watching: false, targetIsLocal: true).Verdict!;

        Assert.Equal(VerdictCause.Saturation, verdict.Cause);
        Assert.Contains(verdict.Evidence, e => e.Contains("without --watch", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_NotWatchedLocalTargetWithOneBusyStep_IsNotSaturation()
    {
        // Measured: a global lock, unwatched, while someone else's compile filled the machine during one step.
        var steps = new List<DiagnoseStep>
        {
            At(1, 117, 117, machine: 88), At(2, 123, 117, machine: 73), At(4, 114, 117, machine: 96),
            At(8, 121, 117, machine: 78), At(16, 123, 117, machine: 77), At(32, 124, 117, machine: 26),
        };

        var verdict = Judge(steps, users: 32, watching: false, targetIsLocal: true).Verdict!;

        Assert.Equal(VerdictCause.Contention, verdict.Cause);
    }

    [Fact]
    public void Judge_NotWatchedLocalTargetOnAMachineAlreadyFull_IsNotSaturation()
    {
        // Measured: a global lock, unwatched, while a build kept the machine full from before the first request.
        var steps = new List<DiagnoseStep> { At(1, 121, 121, machine: 98), At(2, 122, 121, machine: 100), At(4, 122, 121, machine: 100) };

        var verdict = Judge(steps, users: 32, watching: false, targetIsLocal: true).Verdict!;

        Assert.Equal(VerdictCause.Contention, verdict.Cause);
    }

    [Fact]
    public void Judge_FewSteps_LowersConfidence()
    {
        var steps = new List<DiagnoseStep> { At(1, 195, 195, cpu: 4), At(2, 199, 195, cpu: 4), At(4, 200, 195, cpu: 5) };

        var judgement = Judge(steps, users: 16);

        Assert.Contains(judgement.Confidence.Notes, n => n.Code == "fewSteps");
        Assert.Equal(ConfidenceLevel.Medium, judgement.Confidence.Level);
    }

    [Fact]
    public void Judge_NoisyStep_IsNoted()
    {
        var steps = Usl(0, 0, lambda: 100, loads: [1, 2, 4, 8], cpu: _ => 5);
        steps[2] = steps[2] with { ThroughputVariation = 0.4 };

        var note = Assert.Single(Judge(steps, users: 8).Confidence.Notes, n => n.Code == "noisySteps");

        Assert.Contains("4 users (±40%)", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_ShortBaseline_IsNoted()
    {
        var steps = Usl(0, 0, lambda: 3.3, loads: [1, 2, 4, 8], p99: _ => 305);
        steps[0] = steps[0] with { Requests = 7 };

        Assert.Contains(Judge(steps, users: 8).Confidence.Notes, n => n.Code == "fewBaselineResponses");
    }

    [Fact]
    public void Judge_RampShortOfTheUsers_SaysSo()
    {
        var steps = Usl(0, 0, lambda: 100, loads: [1, 2, 4, 8], cpu: _ => 5);

        var judgement = Judge(steps, users: 64, stop: new RampStop(RampStopReason.Budget, "out of time"));

        Assert.Equal(VerdictKind.Healthy, judgement.Verdict!.Kind);
        Assert.Contains(judgement.Confidence.Notes, n => n.Code == "shortOfUsers" && n.Message.Contains("out of time", StringComparison.Ordinal));
        Assert.Contains("were not reached", judgement.Verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_OnlyTheBaseline_IsUntested()
    {
        var judgement = Judge([At(1, 100, 100)], users: 16);

        Assert.Equal(VerdictKind.Healthy, judgement.Verdict!.Kind);
        Assert.Contains(judgement.Confidence.Notes, n => n.Code == "untested");
        Assert.Equal(ConfidenceLevel.Low, judgement.Confidence.Level);
        Assert.Null(judgement.Analysis);
    }

    [Fact]
    public void Judge_InterruptedStep_IsLeftOutAndNoted()
    {
        var steps = Usl(0, 0, lambda: 100, loads: [1, 2, 4, 8], cpu: _ => 5);
        steps[3] = At(8, 50, 100, cpu: 5) with { Interrupted = true };

        var judgement = Judge(steps, users: 8, stop: new RampStop(RampStopReason.Interrupted, "interrupted"));

        Assert.Equal(VerdictKind.Healthy, judgement.Verdict!.Kind);
        Assert.Contains(judgement.Confidence.Notes, n => n.Code == "interrupted" && n.Lowers == ConfidenceLevel.Low);
    }

    [Fact]
    public void Judge_NoResponse_HasNoVerdict()
    {
        var judgement = Judge([At(1, 100, 100, requests: 0)]);

        Assert.Null(judgement.Verdict);
        Assert.Equal(ConfidenceLevel.Low, judgement.Confidence.Level);
    }

    [Fact]
    public void Judge_EnoughLoads_FitsTheUsl()
    {
        var steps = Usl(0.05, 0.001, lambda: 1000, cpu: _ => 50);

        var analysis = Judge(steps).Analysis!;

        Assert.Equal(0.05, analysis.Usl.Model.Sigma, 3);
        Assert.Equal(0.001, analysis.Usl.Model.Kappa, 4);
    }

    private static Judgement Judge(
        List<DiagnoseStep> steps,
        int users = 32,
        bool watching = true,
        bool generatorIsSeparate = true,
        bool targetIsLocal = false,
        RampStop? stop = null) =>
        VerdictRules.Judge(Input(steps, users, watching: watching, generatorIsSeparate: generatorIsSeparate, targetIsLocal: targetIsLocal, stop: stop));
}
