using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ScaleLab.Cli.Tests.Support;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;

namespace ScaleLab.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class ReportCommandTests : IDisposable
{
    private const string SpecSdm91 = "load,throughput\n1,64.9\n18,995.9\n36,1652.4\n72,1853.2\n108,1828.9\n144,1775.0\n216,1702.2\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Report_FitJson_WritesOneSelfContainedPage()
    {
        var json = await FitJsonAsync();
        var html = Path.Combine(_directory, "report.html");

        var (exit, error) = await ConsoleCapture.RunAsync("report", json, "-o", html);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        var page = await File.ReadAllTextAsync(html);
        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart\"", page, StringComparison.Ordinal);
        Assert.Contains("Throughput against load", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fit_WithReport_WritesTheReportBesideTheJson()
    {
        var csv = Path.Combine(_directory, "specsdm91.csv");
        await File.WriteAllTextAsync(csv, SpecSdm91);
        var html = Path.Combine(_directory, "fit.html");

        var (exit, _, _) = await ConsoleCapture.RunWithOutputAsync("fit", csv, "--report", html);

        Assert.Equal(0, exit);
        Assert.Contains("Residuals", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithReportAndJson_WritesAReportOfTheRunNamingTheJson()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () => Results.Text("hello")));
        var json = Path.Combine(_directory, "run.json");
        var html = Path.Combine(_directory, "run.html");

        var (exit, _, _) = await ConsoleCapture.RunWithOutputAsync("run", target.Uri.ToString(), "-c", "2", "-d", "1s", "--json", json, "--report", html);

        Assert.Equal(0, exit);
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("Latency by percentile", page, StringComparison.Ordinal);
        Assert.Contains(json, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_OutputIsOneOfTheInputs_Exit2AndTheInputStays()
    {
        var json = await FitJsonAsync();
        var before = await File.ReadAllTextAsync(json);

        var (exit, error) = await ConsoleCapture.RunAsync("report", json, "-o", json);

        Assert.Equal(2, exit);
        Assert.Contains("would replace it", error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(json));
    }

    [Fact]
    public async Task Report_FormatMd_PrintsASummaryWithLinks()
    {
        var json = await FitJsonAsync();

        var (exit, output, _) = await ConsoleCapture.RunWithOutputAsync("report", json, "--format", "md", "--link", "report.html");

        Assert.Equal(0, exit);
        Assert.Contains("## ScaleLab report", output, StringComparison.Ordinal);
        Assert.Contains("(report.html#result-1)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_FormatCsv_PrintsThePoints()
    {
        var json = await FitJsonAsync();

        var (exit, output, _) = await ConsoleCapture.RunWithOutputAsync("report", json, "--format", "csv");

        Assert.Equal(0, exit);
        Assert.StartsWith("source,n,throughput,fitted,residual", output, StringComparison.Ordinal);
        Assert.Equal(8, output.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public async Task Report_PlanJsonFormatCsv_PrintsTheCostCurve()
    {
        var plan = RepositoryFiles.Path("samples", "plan-example.json");

        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync("report", plan, "--format", "csv");

        Assert.True(exit == 0, error);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.EndsWith("path,instance,count,vcpus,throughput,monthlyCost", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains(",scale-out,m7i.large,11,2,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",scale-up,m7i.4xlarge,1,16,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("missing.json", null, "missing.json: no such file")]
    [InlineData("text.json", "hello", "text.json: not JSON")]
    [InlineData("status.json", "{\"kind\": \"lab-status\"}", "a result of kind \"lab-status\" has no report")]
    public async Task Report_BadInput_OneLineExit2(string name, string? content, string expected)
    {
        var path = Path.Combine(_directory, name);
        if (content is not null)
        {
            await File.WriteAllTextAsync(path, content);
        }

        var (exit, error) = await ConsoleCapture.RunAsync("report", path, "-o", Path.Combine(_directory, "r.html"));

        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(Path.Combine(_directory, "r.html")));
    }

    [Theory]
    [InlineData("--format", "pdf")]
    [InlineData("--format", "html")]
    public async Task Report_BadFormatOrHtmlWithoutOutput_Exit2(string option, string value)
    {
        var json = await FitJsonAsync();

        var (exit, error) = await ConsoleCapture.RunAsync("report", json, option, value);

        Assert.Equal(2, exit);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Fit_ReportNotHtml_Exit2BeforeAnyWork()
    {
        var csv = Path.Combine(_directory, "specsdm91.csv");
        await File.WriteAllTextAsync(csv, SpecSdm91);

        var (exit, error) = await ConsoleCapture.RunAsync("fit", csv, "--report", Path.Combine(_directory, "fit.pdf"));

        Assert.Equal(2, exit);
        Assert.Contains("--report", error, StringComparison.Ordinal);
    }

    private async Task<string> FitJsonAsync()
    {
        ScalabilityPoint[] points = [new(1, 64.9), new(18, 995.9), new(36, 1652.4), new(72, 1853.2), new(108, 1828.9), new(144, 1775.0), new(216, 1702.2)];
        var result = FitResult.Create(
            ResultHeader.Create("fit", DateTimeOffset.UnixEpoch, "scalelab fit specsdm91.csv"),
            new FitSource("specsdm91.csv", "csv", "load", "throughput", points.Length, []),
            ScalabilityAnalyzer.Analyze(points));
        var path = Path.Combine(_directory, "fit.json");
        await File.WriteAllTextAsync(path, ResultJson.Serialize(result));
        return path;
    }
}
