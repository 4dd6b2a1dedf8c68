using ScaleLab.Cli.Commands;
using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests.Commands;

public sealed class ScaleCommandTests
{
    [Theory]
    [InlineData("scale")]
    [InlineData("scale", "--lab", "baseline", "--replicas", "")]
    [InlineData("scale", "--lab", "baseline", "--replicas", "1,,4")]
    [InlineData("scale", "--lab", "baseline", "--replicas", "1,4,2")]
    [InlineData("scale", "--lab", "baseline", "--replicas", "2,2")]
    [InlineData("scale", "--lab", "baseline", "--replicas", "0,1")]
    [InlineData("scale", "--lab", "baseline", "--replicas", "1,65")]
    [InlineData("scale", "--lab", "baseline", "--cpus", "2,1")]
    [InlineData("scale", "--lab", "baseline", "--cpus", "1,4096")]
    [InlineData("scale", "--lab", "baseline", "--memory", "256")]
    [InlineData("scale", "--lab", "baseline", "--memory", "1g,256m")]
    [InlineData("scale", "--lab", "baseline", "--slo", "p99")]
    [InlineData("scale", "--lab", "baseline", "--slo", "p99<fast")]
    [InlineData("scale", "--lab", "baseline", "--max-errors", "lots")]
    [InlineData("scale", "--lab", "baseline", "--max-errors", "150%")]
    [InlineData("scale", "--lab", "baseline", "--step-duration", "3")]
    [InlineData("scale", "--lab", "baseline", "--kill-one", "0s")]
    [InlineData("scale", "--lab", "baseline", "--json", "/nonexistent/scalelab/scale.json")]
    [InlineData("scale", "--lab", "baseline", "--url", "http://127.0.0.1:9/")]
    [InlineData("scale", "--lab", "baseline", "--cmd", "./server --port {port}")]
    [InlineData("scale", "--cmd", "./server --port 8080")]
    [InlineData("scale", "--cmd", "./server --port {port}", "--workers", "8")]
    [InlineData("scale", "--kubernetes", "deployment/web")]
    [InlineData("scale", "--kubernetes", "web", "--url", "http://127.0.0.1:9/")]
    [InlineData("scale", "--lab", "baseline", "--namespace", "prod")]
    [InlineData("scale", "--lab", "no-such-scenario")]
    public async Task Scale_BadInput_ExitsTwoWithOneLineOnStderr(params string[] args)
    {
        var (exit, error) = await ConsoleCapture.RunAsync(args);

        Assert.Equal(2, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("scalelab", lines[0]);
    }

    [Theory]
    [InlineData("p99<100ms", "0.1%", 99, 100, 0.001)]
    [InlineData("p95=250ms", "1", 95, 250, 0.01)]
    [InlineData("p99.9<=1s", "0%", 99.9, 1000, 0)]
    public void ReadObjective_BothSpellings_PercentileBoundAndErrorShare(string slo, string errors, double percentile, double bound, double share)
    {
        var objective = ScaleCommand.ReadObjective(slo, errors);

        Assert.Equal(percentile, objective.Percentile);
        Assert.Equal(bound, objective.LatencyMs);
        Assert.Equal(share, objective.MaxErrorRate, 9);
    }
}
