using ScaleLab.Cli.Output;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Results;
using Spectre.Console;

namespace ScaleLab.Cli.Tests.Output;

public sealed class DiagnoseReportViewTests
{
    [Fact]
    public void Write_ContendedTarget_ShowsVerdictNumbersAdviceAndConfidence()
    {
        var steps = new[] { Step(1, 195, cpu: 4), Step(2, 199, cpu: 4), Step(4, 200, cpu: 5), Step(8, 198, cpu: 5) };
        var input = new DiagnosisInput(steps, Slo.Default, 16, Watching: true, GeneratorIsSeparate: true, TargetIsLocal: false,
            new RampStop(RampStopReason.Plateau, "throughput gained less than 5% for 2 steps"));
        var judgement = VerdictRules.Judge(input);
        var result = DiagnoseResult.Create(ResultHeader.Create("diagnose", DateTimeOffset.UnixEpoch, "scalelab diagnose"), "http://127.0.0.1:5000/",
            16, 16, Slo.Default, null, DiagnoseStep.WithEfficiency(steps), input.Stop, TimeSpan.FromSeconds(9),
            new WatchSummary([], ["python3"], [new WatchedProcess(4242, "python3"), new WatchedProcess(4343, "python3")], 100), judgement, false);
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;

        DiagnoseReportView.Write(console, result, judgement);

        var text = writer.ToString();
        Assert.Contains("verdict: scalability (contention)", text);
        Assert.Contains("ramp ended: throughput gained less than 5% for 2 steps", text);
        Assert.Contains("USL fit: σ =", text);
        Assert.Contains("5% of 2", text);
        Assert.Contains("1. Find the serialised section", text);
        Assert.Contains("confidence: high", text);
        Assert.Contains("watched: 4242 python3, 4343 python3", text);
    }

    private static DiagnoseStep Step(int n, double throughput, double cpu) => new()
    {
        Concurrency = n,
        Throughput = throughput,
        ThroughputEstimate = ThroughputEstimate.Completions,
        LatencyMs = new StepLatency(1000.0 * n / throughput, 1000.0 * n / throughput, 1200.0 * n / throughput, 1500.0 * n / throughput, 1000.0 * n / throughput),
        Requests = 1000,
        Errors = 0,
        ErrorRate = 0,
        DurationSeconds = 1,
        CpuPercent = cpu,
        CpuLimit = 2,
        RssBytes = 64 << 20,
        GeneratorUtilization = 0.05,
        GeneratorSaturated = false,
        FromBaseline = n == 1,
    };
}
