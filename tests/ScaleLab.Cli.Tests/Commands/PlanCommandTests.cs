using System.Text.Json;
using System.Text.Json.Nodes;
using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class PlanCommandTests : IDisposable
{
    private static readonly string ScaleExample = RepositoryFiles.Path("samples", "scale-example.json");

    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-plan-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Plan_ScaleExample_WritesTheDocumentedFields()
    {
        var json = Path.Combine(_directory, "plan.json");

        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync("plan", "--from", ScaleExample, "--target", "5000rps", "--json", json);

        Assert.True(exit == 0, error);
        Assert.Contains("recommended: scale-out", output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.Equal("plan", root.GetProperty("kind").GetString());
        Assert.Equal(5000, root.GetProperty("target").GetDouble());
        var options = root.GetProperty("options").EnumerateArray().ToArray();
        Assert.Equal(["scale-out", "scale-up"], options.Select(o => o.GetProperty("kind").GetString()));
        foreach (var option in options)
        {
            foreach (var field in new[] { "instance", "count", "throughput", "latencyMs", "monthlyCost", "reachable", "headroom" })
            {
                Assert.True(option.TryGetProperty(field, out _), $"missing {field}");
            }
        }

        Assert.Equal("scale-out", root.GetProperty("recommendation").GetProperty("kind").GetString());
        Assert.True(root.GetProperty("costCurve").GetProperty("scaleOut").GetArrayLength() > 1);
        Assert.Equal(7, root.GetProperty("costCurve").GetProperty("scaleUp").GetArrayLength());
        Assert.True(root.GetProperty("catalog").GetProperty("examplePrices").GetBoolean());
    }

    [Fact]
    public async Task Plan_OwnCatalogWithNoMachineBigEnough_SaysWhereTheLargestRunsOut()
    {
        var catalog = Write("catalog.json", """{ "currency": "EUR", "instances": [ { "name": "tiny", "vCPUs": 1, "memoryGiB": 2, "pricePerHour": 0.01 } ] }""");

        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync("plan", "--from", ScaleExample, "--growth", "1.05x", "--catalog", catalog);

        Assert.True(exit == 0, error);
        Assert.Contains("the catalog's largest machine (tiny, 1 vCPUs) runs out", output, StringComparison.Ordinal);
        Assert.DoesNotContain("example", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_OneUserAlreadyOverTheObjective_RecommendsOptimisingFirst()
    {
        // A real diagnosis whose one user waits about 13 ms at p99: no machine meets p99 < 10 ms.
        var diagnose = RepositoryFiles.Path("samples", "diagnose-wait.json");
        var json = Path.Combine(_directory, "plan.json");

        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync("plan", "--from", ScaleExample, "--from", diagnose, "--target", "5000rps", "--slo", "p99<10ms", "--json", json);

        Assert.True(exit == 0, error);
        Assert.Contains("recommended: optimise first", output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("none", document.RootElement.GetProperty("recommendation").GetProperty("kind").GetString());
        Assert.All(document.RootElement.GetProperty("options").EnumerateArray(), o => Assert.False(o.GetProperty("reachable").GetBoolean()));
        Assert.Contains(document.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("stricter", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plan_ScaleResultWithOneStep_ExitsTwoWithOneLine()
    {
        var node = JsonNode.Parse(File.ReadAllText(ScaleExample))!;
        var steps = node["steps"]!.AsArray();
        while (steps.Count > 1)
        {
            steps.RemoveAt(steps.Count - 1);
        }

        var file = Write("one-step.json", node.ToJsonString());

        var (exit, error) = await ConsoleCapture.RunAsync("plan", "--from", file, "--target", "5000rps");

        Assert.Equal(2, exit);
        Assert.Contains("one step", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("--target", "lots")]
    [InlineData("--growth", "triple")]
    [InlineData("--slo", "p99>100ms")]
    public async Task Plan_BadOption_ExitsTwo(string option, string value)
    {
        var (exit, error) = await ConsoleCapture.RunAsync("plan", "--from", ScaleExample, option == "--slo" ? "--growth" : "--target", option == "--slo" ? "2x" : "5000", option, value);

        Assert.Equal(2, exit);
        Assert.StartsWith("scalelab: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_TargetAndGrowthBoth_ExitsTwo()
    {
        var (exit, error) = await ConsoleCapture.RunAsync("plan", "--from", ScaleExample, "--target", "5000", "--growth", "2x");

        Assert.Equal(2, exit);
        Assert.Contains("either --target", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_FromARunResult_ExitsTwo()
    {
        var run = Write("run.json", """{ "kind": "fit", "schemaVersion": 1 }""");

        var (exit, error) = await ConsoleCapture.RunAsync("plan", "--from", run, "--target", "5000");

        Assert.Equal(2, exit);
        Assert.Contains("plan reads a scale result", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_WithReport_WritesTheHtmlReportWithTheCostCurve()
    {
        var report = Path.Combine(_directory, "x.html");

        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync("plan", "--from", ScaleExample, "--target", "5000rps", "--report", report);

        Assert.True(exit == 0, error);
        Assert.Contains($"report written to {report}", output, StringComparison.Ordinal);
        var html = File.ReadAllText(report);
        Assert.Contains("<span class=\"kind\">plan</span>", html, StringComparison.Ordinal);
        Assert.Contains("Monthly cost against capacity", html, StringComparison.Ordinal);
        Assert.Contains("target 5,000/s", html, StringComparison.Ordinal);
        Assert.Contains("</html>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_ReportNotHtml_ExitsTwoAndWritesNothing()
    {
        var report = Path.Combine(_directory, "x.txt");

        var (exit, error) = await ConsoleCapture.RunAsync("plan", "--from", ScaleExample, "--target", "5000rps", "--report", report);

        Assert.Equal(2, exit);
        Assert.Contains("must end in .html", error, StringComparison.Ordinal);
        Assert.False(File.Exists(report));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
