using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Results;
using ScaleLab.Core.Thresholds;

namespace ScaleLab.Core.Tests.Thresholds;

public sealed class ThresholdEvaluatorTests
{
    private static readonly LatencySummary Latency = new(Min: 1, Mean: 12, P50: 10, P90: 40, P99: 180, P999: 400, Max: 900, StdDev: 5) { P95 = 90 };

    private static RunResult Run(bool open = false) => new()
    {
        Target = "http://127.0.0.1/",
        Model = open ? "open" : "closed",
        Requests = 10_000,
        Errors = 25,
        ErrorRate = 0.0025,
        Throughput = 512.344,
        RateAsked = open ? 600 : null,
        RateAchieved = open ? 594 : null,
        LatencyMs = Latency,
        Generator = new GeneratorHealth(1, 1, 0.1, false, 0, 10, 0),
        ByName = new Dictionary<string, NamedRequestStats>
        {
            ["order"] = new() { Requests = 1000, Errors = 20, Throughput = 51, LatencyMs = new LatencySummary(2, 50, 40, 200, 350, 500, 600, 9) { P95 = 280 } },
            ["feed"] = new() { Requests = 9000, Errors = 5, Throughput = 461, LatencyMs = Latency },
        },
        Checks = new Dictionary<string, CheckStats> { ["status 2xx"] = new(9_990, 10), ["has id"] = new(999, 1) },
    };

    [Theory]
    [InlineData("p50<11ms", 10, true)]
    [InlineData("p90<40ms", 40, false)]
    [InlineData("p90<=40ms", 40, true)]
    [InlineData("p95<100ms", 90, true)]
    [InlineData("p99<200ms", 180, true)]
    [InlineData("p99.9<0.3s", 400, false)]
    [InlineData("min>=1ms", 1, true)]
    [InlineData("mean<12ms", 12, false)]
    [InlineData("max<1s", 900, true)]
    [InlineData("p95{name:order}<300ms", 280, true)]
    [InlineData("p99{name:order}<300ms", 350, false)]
    [InlineData("errors<0.1%", 0.25, false)]
    [InlineData("errors<0.5%", 0.25, true)]
    [InlineData("errors{name:order}<1%", 2, false)]
    [InlineData("errors{name:feed}<0.1%", 0.0556, true)]
    [InlineData("checks>99.9%", 99.9, false)]
    [InlineData("checks>=99.9%", 99.9, true)]
    [InlineData("throughput>500", 512.34, true)]
    [InlineData("throughput{name:order}>100", 51, false)]
    [InlineData("requests>=10000", 10_000, true)]
    [InlineData("requests{name:order}>1000", 1000, false)]
    public void Evaluate_ClosedRun_ComparesTheMeasuredValueInTheThresholdsUnit(string text, double actual, bool passed)
    {
        var outcome = Assert.Single(ThresholdEvaluator.Evaluate([ThresholdParser.Parse(text)], ThresholdSubject.Of(Run())));

        Assert.Equal(new ThresholdOutcome(text, actual, passed), outcome);
    }

    [Theory]
    [InlineData("rate-achieved>0.99", 0.99, false)]
    [InlineData("rate-achieved>=0.99", 0.99, true)]
    [InlineData("rate-achieved>98%", 0.99, true)]
    public void Evaluate_OpenRun_RateAchievedIsAchievedOverAsked(string text, double actual, bool passed)
    {
        var outcome = Assert.Single(ThresholdEvaluator.Evaluate([ThresholdParser.Parse(text)], ThresholdSubject.Of(Run(open: true))));

        Assert.Equal(actual, outcome.Actual);
        Assert.Equal(passed, outcome.Passed);
    }

    [Fact]
    public void Evaluate_SeveralThresholds_KeepsTheirOrder()
    {
        var outcomes = ThresholdEvaluator.Evaluate([ThresholdParser.Parse("p99<200ms"), ThresholdParser.Parse("errors<0.1%")], ThresholdSubject.Of(Run()));

        Assert.Equal(["p99<200ms", "errors<0.1%"], outcomes.Select(o => o.Expression));
        Assert.Equal([true, false], outcomes.Select(o => o.Passed));
    }

    [Fact]
    public void Evaluate_NoRequests_ErrorsAreZeroAndChecksFail()
    {
        var empty = Run() with { Requests = 0, Errors = 0, Checks = new Dictionary<string, CheckStats> { ["status"] = new(0, 0) } };

        var outcomes = ThresholdEvaluator.Evaluate([ThresholdParser.Parse("errors<1%"), ThresholdParser.Parse("checks>99%")], ThresholdSubject.Of(empty));

        Assert.Equal([0.0, 0.0], outcomes.Select(o => o.Actual));
        Assert.Equal([true, false], outcomes.Select(o => o.Passed));
    }

    [Theory]
    [InlineData("p95{name:ordr}<300ms", "no request is named 'ordr' (did you mean order?); the names are order, feed")]
    [InlineData("p95{name:basket}<300ms", "no request is named 'basket'; the names are order, feed")]
    public void Problem_UnknownName_NamesTheNearestAndTheKnownOnes(string text, string expected)
    {
        var problem = ThresholdEvaluator.Problem([ThresholdParser.Parse(text)], ThresholdSubject.Of(Run()));

        Assert.Equal($"threshold '{text}': {expected}", problem);
        Assert.Throws<ArgumentException>(() => ThresholdEvaluator.Evaluate([ThresholdParser.Parse(text)], ThresholdSubject.Of(Run())));
    }

    [Fact]
    public void Problem_NameOnASingleRequest_SaysNamesComeWithAMix()
    {
        var single = Run() with { ByName = new Dictionary<string, NamedRequestStats>() };

        var problem = ThresholdEvaluator.Problem([ThresholdParser.Parse("p99{name:order}<1s")], ThresholdSubject.Of(single));

        Assert.Contains("a single request, without names", problem);
    }

    [Fact]
    public void Problem_ChecksWithoutChecks_IsAProblem()
    {
        var unchecked_ = Run() with { Checks = new Dictionary<string, CheckStats>() };

        Assert.Contains("made no checks", ThresholdEvaluator.Problem([ThresholdParser.Parse("checks>99%")], ThresholdSubject.Of(unchecked_)));
    }

    [Fact]
    public void Problem_RateAchievedInTheClosedModel_IsAProblem()
    {
        Assert.Contains("open model", ThresholdEvaluator.Problem([ThresholdParser.Parse("rate-achieved>0.9")], ThresholdSubject.Of(Run())));
    }

    [Fact]
    public void Problem_JudgeableThresholds_IsNull()
    {
        Assert.Null(ThresholdEvaluator.Problem([ThresholdParser.Parse("p99<1s"), ThresholdParser.Parse("p95{name:feed}<1s"), ThresholdParser.Parse("checks>1%")], ThresholdSubject.Of(Run())));
    }

    [Theory]
    [InlineData("rate-achieved>0.9", false, null, "the closed model asks for no rate")]
    [InlineData("checks>99%", true, null, "has no checks")]
    [InlineData("p95{name:ordr}<1s", true, "order,feed", "did you mean order?")]
    [InlineData("p95{name:order}<1s", true, "", "a single request, without names")]
    public void ProblemBefore_WhatTheScopeRulesOut_IsFoundBeforeTheRun(string text, bool open, string? names, string expected)
    {
        var scope = new ThresholdScope
        {
            OpenModel = open,
            Names = names?.Split(',', StringSplitOptions.RemoveEmptyEntries),
            HasChecks = names is null ? false : null,
        };

        Assert.Contains(expected, ThresholdEvaluator.ProblemBefore([ThresholdParser.Parse(text)], scope));
    }

    [Theory]
    [InlineData("p99<1s")]
    [InlineData("p95{name:order}<1s")]
    [InlineData("rate-achieved>0.9")]
    [InlineData("checks>99%")]
    public void ProblemBefore_NamesNotKnownYet_LeavesThemForAfterTheRun(string text)
    {
        Assert.Null(ThresholdEvaluator.ProblemBefore([ThresholdParser.Parse(text)], new ThresholdScope { OpenModel = true }));
    }

    [Fact]
    public void ProblemBefore_DiagnoseScope_RefusesNamesAndUnrecordedStatistics()
    {
        var scope = new ThresholdScope { HasNames = false, HasChecks = false, LatencyStatistics = ["p50", "p90", "p99", "mean", "max"] };

        Assert.Contains("min is not recorded here", ThresholdEvaluator.ProblemBefore([ThresholdParser.Parse("min<1s")], scope));
        Assert.Contains("figures by name are not kept here", ThresholdEvaluator.ProblemBefore([ThresholdParser.Parse("p99{name:x}<1s")], scope));
        Assert.Null(ThresholdEvaluator.ProblemBefore([ThresholdParser.Parse("p99<1s"), ThresholdParser.Parse("errors<1%")], scope));
    }

    [Fact]
    public void Evaluate_DiagnoseStep_ReadsItsLatencyAndTheObjectivesPercentile()
    {
        var step = new DiagnoseStep
        {
            Concurrency = 8,
            Throughput = 800,
            ThroughputEstimate = ThroughputEstimate.Completions,
            LatencyMs = new StepLatency(P50: 5, P90: 8, P99: 20, Max: 50, Mean: 6).With(new SloPercentile(95), 12),
            Requests = 4000,
            Errors = 4,
            ErrorRate = 0.001,
            DurationSeconds = 5,
            GeneratorUtilization = 0.2,
            GeneratorSaturated = false,
        };
        var subject = ThresholdSubject.Of(step);

        var outcomes = ThresholdEvaluator.Evaluate([ThresholdParser.Parse("p95<10ms"), ThresholdParser.Parse("p99<25ms"), ThresholdParser.Parse("errors<0.1%"), ThresholdParser.Parse("throughput>500")], subject);

        Assert.Equal([12, 20, 0.1, 800], outcomes.Select(o => o.Actual));
        Assert.Equal([false, true, false, true], outcomes.Select(o => o.Passed));
        Assert.Contains("min was not recorded", ThresholdEvaluator.Problem([ThresholdParser.Parse("min<1ms")], subject));
    }
}
