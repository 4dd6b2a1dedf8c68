using ScaleLab.Core.Diagnosis;
using static ScaleLab.Core.Tests.Diagnosis.Steps;

namespace ScaleLab.Core.Tests.Diagnosis;

public sealed class RampStopRulesTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(2);

    [Fact]
    public void Check_GrowingThroughputWithTimeLeft_GoesOn()
    {
        var steps = new[] { At(1, 100, 100), At(2, 198, 100), At(4, 390, 100) };

        Assert.Null(RampStopRules.Check(State(steps, next: 8)));
    }

    [Fact]
    public void Check_TwoStepsGainingUnderFivePercent_StopsOnPlateau()
    {
        var steps = new[] { At(1, 200, 200), At(2, 205, 200), At(4, 207, 200) };

        var stop = RampStopRules.Check(State(steps, next: 8));

        Assert.Equal(RampStopReason.Plateau, stop?.Reason);
        Assert.Contains("207 req/s at 4 users", stop!.Message);
    }

    [Fact]
    public void Check_OneFlatStepThenGrowth_GoesOn()
    {
        var steps = new[] { At(1, 200, 200), At(2, 205, 200), At(4, 400, 200) };

        Assert.Null(RampStopRules.Check(State(steps, next: 8)));
    }

    [Fact]
    public void Check_ErrorsPastOnePercent_Stops()
    {
        var steps = new[] { At(1, 100, 100), At(2, 200, 100, errorRate: 0.02) };

        Assert.Equal(RampStopReason.Errors, RampStopRules.Check(State(steps, next: 4))?.Reason);
    }

    [Fact]
    public void Check_P99ThreeTimesPastTheObjective_Stops()
    {
        var steps = new[] { At(1, 100, 100, p99: 20), At(2, 150, 100, p99: 650) };

        Assert.Equal(RampStopReason.LatencyFarPastSlo, RampStopRules.Check(State(steps, next: 4))?.Reason);
    }

    [Fact]
    public void Check_OneUserAlreadySlow_JudgesFarPastAgainstOneUser()
    {
        // One user takes 300 ms against 200 ms: 350 ms with more users is slow, not far past.
        var steps = new[] { At(1, 3.3, 3.3, p99: 300), At(2, 6.6, 3.3, p99: 350) };

        Assert.Null(RampStopRules.Check(State(steps, next: 4)));
    }

    [Fact]
    public void Check_SeparateGeneratorSaturated_Stops()
    {
        var steps = new[] { At(1, 5000, 5000), At(2, 9000, 5000, generatorSaturated: true) };

        Assert.Equal(RampStopReason.GeneratorSaturated, RampStopRules.Check(State(steps, next: 4))?.Reason);
    }

    [Fact]
    public void Check_GeneratorSharedWithTarget_DoesNotStopForIt()
    {
        var steps = new[] { At(1, 5000, 5000), At(2, 9000, 5000, generatorSaturated: true) };

        Assert.Null(RampStopRules.Check(State(steps, next: 4, separate: false)));
    }

    [Fact]
    public void Check_NoMoreSteps_StopsAtMaxUsers()
    {
        var steps = new[] { At(1, 100, 100), At(2, 200, 100) };

        Assert.Equal(RampStopReason.MaxUsers, RampStopRules.Check(State(steps, next: null))?.Reason);
    }

    [Fact]
    public void Check_NextStepPastTheBudget_Stops()
    {
        var steps = new[] { At(1, 100, 100), At(2, 200, 100) };

        var stop = RampStopRules.Check(State(steps, next: 4, elapsed: TimeSpan.FromSeconds(117)));

        Assert.Equal(RampStopReason.Budget, stop?.Reason);
    }

    private static RampState State(DiagnoseStep[] steps, int? next, TimeSpan? elapsed = null, bool separate = true) =>
        new(steps, Slo.Default, next, elapsed ?? TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(6), Budget, separate);

    [Theory]
    [InlineData(400, 12, 0, false)] // growing
    [InlineData(150, 12, 0, true)] // fell by more than 15%
    [InlineData(195, 700, 0, true)] // p99 far past the objective
    [InlineData(195, 12, 0.05, true)] // errors appeared
    [InlineData(390, 250, 0, true)] // the objective broke where it held
    public void NeedsConfirmation_StepThatWouldTurnTheVerdict_IsMeasuredAgain(double throughput, double p99, double errorRate, bool again)
    {
        var steps = new[] { At(1, 100, 100, p99: 12), At(2, 200, 100, p99: 12) };
        var step = At(4, throughput, 100, p99: p99, errorRate: errorRate);

        Assert.Equal(again, RampStopRules.NeedsConfirmation(steps, step, Slo.Default));
    }

    [Theory]
    [InlineData(40, 250, 0, true)] // few responses, past the objective: one stall could do it
    [InlineData(500, 250, 0, false)] // many responses: the percentile stands
    [InlineData(40, 150, 0, false)] // within the objective
    [InlineData(40, 12, 0.05, true)] // two failures in forty
    public void BaselineNeedsConfirmation_FewResponsesDecidingTheVerdict_IsMeasuredAgain(long requests, double p99, double errorRate, bool again)
    {
        var baseline = At(1, 20, 20, p99: p99, errorRate: errorRate, requests: requests);

        Assert.Equal(again, RampStopRules.BaselineNeedsConfirmation(baseline, Slo.Default));
    }
}
