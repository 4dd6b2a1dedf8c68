namespace ScaleLab.Reports.Tests;

public sealed class CsvReportTests
{
    [Fact]
    public void Render_Run_OneRowPerInterval()
    {
        var csv = CsvReport.Render([new ReportInput("run.json", ReportSamples.Run())]);

        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.StartsWith("source,t,durationSeconds,requests,errors,throughput,p50Ms,p90Ms,p99Ms", lines[0], StringComparison.Ordinal);
        Assert.Equal(31, lines.Length);
        Assert.StartsWith("run.json,1,1,200,0,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Scale_OneCpuColumnPerTier()
    {
        var csv = CsvReport.Render([new ReportInput("scale.json", ReportSamples.Scale())]);

        var header = csv.Split('\n')[0];
        Assert.Contains("cpuPercent:db-0", header, StringComparison.Ordinal);
        Assert.Contains("cpuPercent:replica-8", header, StringComparison.Ordinal);
        Assert.Equal(6, csv.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public void Render_TwoResultsOfOneKind_StackUnderOneHeader()
    {
        var csv = CsvReport.Render([new ReportInput("a.json", ReportSamples.Diagnose()), new ReportInput("b.json", ReportSamples.Diagnose())]);

        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Single(lines, l => l.StartsWith("source,", StringComparison.Ordinal));
        Assert.Equal(7, lines.Count(l => l.StartsWith("a.json,", StringComparison.Ordinal)));
        Assert.Equal(7, lines.Count(l => l.StartsWith("b.json,", StringComparison.Ordinal)));
    }

    [Fact]
    public void Render_DifferentKinds_RefusesWithOneLine()
    {
        var ex = Assert.Throws<ReportInputException>(() => CsvReport.Render([new ReportInput("a.json", ReportSamples.Run()), new ReportInput("b.json", ReportSamples.Fit())]));

        Assert.Contains("one kind", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FormulaLikeFileName_IsQuotedAsText()
    {
        var csv = CsvReport.Render([new ReportInput("=HYPERLINK(\"x\"),y.json", ReportSamples.Fit())]);

        Assert.Contains("\"'=HYPERLINK(\"\"x\"\"),y.json\",", csv, StringComparison.Ordinal);
    }
}
