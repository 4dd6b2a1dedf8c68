using ScaleLab.Reports.Charts;

namespace ScaleLab.Reports.Tests;

public sealed class HtmlReportTests
{
    [Fact]
    public void Render_Run_PutsTheVerdictBeforeTheEvidence()
    {
        var html = HtmlReport.Render([new ReportInput("run.json", ReportSamples.Run())]);

        var verdict = html.IndexOf("class=\"verdict", StringComparison.Ordinal);
        var firstChart = html.IndexOf("<svg", StringComparison.Ordinal);
        Assert.True(verdict > 0 && firstChart > verdict, "the verdict comes before the first chart");
        foreach (var title in new[] { "Throughput over time", "Latency over time", "Errors over time", "Latency by percentile", "By request name", "Checks", "Thresholds", "Command line", "Machine" })
        {
            Assert.Contains(title, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_RunWithStagesAndAFlow_MarksTheStagesAndShowsIterations()
    {
        var html = HtmlReport.Render([new ReportInput("run.json", ReportSamples.Run())]);

        Assert.Contains("stage 2", html, StringComparison.Ordinal);
        Assert.Contains("iteration p99", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RunWithHistogram_DrawsTheSpectrumFromIt()
    {
        var html = HtmlReport.Render([new ReportInput("run.json", ReportSamples.Run())]);

        Assert.Contains("From the recorded histogram.", html, StringComparison.Ordinal);
        Assert.Contains("uncorrected (service time alone)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RunWithoutHistogram_DrawsTheSpectrumFromTheSummary()
    {
        var html = HtmlReport.Render([new ReportInput("run.json", ReportSamples.Run() with { LatencyHistogram = null })]);

        Assert.Contains("From the summary&#39;s percentiles", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Diagnose_DrawsUslBandIdealCeilingAndPeak()
    {
        var html = HtmlReport.Render([new ReportInput("d.json", ReportSamples.Diagnose())]);

        Assert.Contains("USL fit", html, StringComparison.Ordinal);
        Assert.Contains("95% confidence band", html, StringComparison.Ordinal);
        Assert.Contains("linear ideal λN", html, StringComparison.Ordinal);
        Assert.Contains("Amdahl ceiling", html, StringComparison.Ordinal);
        Assert.Contains("N* ", html, StringComparison.Ordinal);
        Assert.Contains("Efficiency per step", html, StringComparison.Ordinal);
        Assert.Contains("CPU per step", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Scale_SplitsReplicasFromCoresAndHighlightsTheBottleneck()
    {
        var html = HtmlReport.Render([new ReportInput("s.json", ReportSamples.Scale())]);

        Assert.Contains("Capacity per replica count", html, StringComparison.Ordinal);
        Assert.Contains("Capacity per core count", html, StringComparison.Ordinal);
        Assert.Contains("db-0 (bottleneck)", html, StringComparison.Ordinal);
        Assert.Contains("line c", html, StringComparison.Ordinal);
        Assert.Contains("highlight", html, StringComparison.Ordinal);
        Assert.Contains("Fault timeline", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SeveralResults_OneSectionEachWithLinks()
    {
        var html = HtmlReport.Render([new ReportInput("a.json", ReportSamples.Run()), new ReportInput("b.json", ReportSamples.Fit())]);

        Assert.Contains("id=\"result-1\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"result-2\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#result-2\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Anything_FetchesNothingAndRunsNoScript()
    {
        var html = HtmlReport.Render([new ReportInput("a.json", ReportSamples.Run()), new ReportInput("s.json", ReportSamples.Scale())]);

        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://www.w3.org/2000/svg\"", html.Replace("xmlns=\"http://www.w3.org/2000/svg\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HostileStrings_AreEscapedEverywhere()
    {
        const string hostile = "<script>alert(1)</script>\"'&";
        var run = ReportSamples.Run(target: hostile, requestName: hostile) with { CommandLine = hostile };

        var html = HtmlReport.Render([new ReportInput(hostile, run)]);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ExtraSection_AddsItsCharts()
    {
        var chart = new Chart("Monthly cost against capacity", "capacity (req/s)", "cost ($/month)",
            [new ChartSeries("scale out", SeriesKind.Line, [new ChartPoint(1000, 100), new ChartPoint(2000, 200)])]);

        var html = HtmlReport.Render([], [new ReportSection("Plan", "Scale out: 4 replicas.", [chart])]);

        Assert.Contains("Monthly cost against capacity", html, StringComparison.Ordinal);
        Assert.Contains("Scale out: 4 replicas.", html, StringComparison.Ordinal);
    }
}
