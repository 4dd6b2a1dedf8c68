namespace ScaleLab.Reports.Tests;

public sealed class MarkdownReportTests
{
    [Fact]
    public void Render_WithLink_LinksEachResultToItsSection()
    {
        var md = MarkdownReport.Render([new ReportInput("d.json", ReportSamples.Diagnose()), new ReportInput("s.json", ReportSamples.Scale())], "reports/report.html");

        Assert.Contains("(reports/report.html#result-1)", md, StringComparison.Ordinal);
        Assert.Contains("(reports/report.html#result-2)", md, StringComparison.Ordinal);
        Assert.Contains("### diagnose: http://127.0.0.1:5055/lock", md, StringComparison.Ordinal);
        Assert.Contains("| db\\-0 |", md.Replace("| bottleneck | db-0 |", "| db\\-0 |", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://ci.example.com/artifacts/report.html", "(https://ci.example.com/artifacts/report.html#result-1)")]
    [InlineData("my report (1).html", "(my%20report%20%281%29.html#result-1)")]
    public void Render_Link_KeepsTheAddressAndEncodesOnlyWhatBreaksIt(string link, string expected)
    {
        var md = MarkdownReport.Render([new ReportInput("f.json", ReportSamples.Fit())], link);

        Assert.Contains(expected, md, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithoutLink_HasNoChartLinks()
    {
        var md = MarkdownReport.Render([new ReportInput("f.json", ReportSamples.Fit())]);

        Assert.DoesNotContain("Charts:", md, StringComparison.Ordinal);
        Assert.Contains("σ / κ / λ", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HostileStrings_CannotBreakTheTableOrInjectHtml()
    {
        const string hostile = "a|b<img src=x onerror=alert(1)>\n# heading";
        var md = MarkdownReport.Render([new ReportInput("r.json", ReportSamples.Run(target: hostile))]);

        Assert.DoesNotContain("<img", md, StringComparison.Ordinal);
        Assert.Contains("a\\|b&lt;img", md, StringComparison.Ordinal);
        Assert.DoesNotContain("\n# heading", md, StringComparison.Ordinal);
    }
}
