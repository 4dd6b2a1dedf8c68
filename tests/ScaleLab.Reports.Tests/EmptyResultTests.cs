using System.Text.RegularExpressions;
using ScaleLab.Core.Planning;
using ScaleLab.Core.Results;

namespace ScaleLab.Reports.Tests;

/// <summary>Results with nothing measured (an interrupted run, a diagnosis with no step, a scale with no step, a plan with no option) still make a page, without an empty chart.</summary>
public sealed class EmptyResultTests
{
    public static TheoryData<string> Kinds => new() { "run", "diagnose", "scale", "scale-one-step", "plan" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Render_NothingMeasured_MakesAPageWithoutEmptyCharts(string kind)
    {
        ResultDocument result = kind switch
        {
            "run" => ReportSamples.Run() with
            {
                Requests = 0,
                Throughput = 0,
                LatencyMs = LatencySummary.Empty,
                UncorrectedLatencyMs = null,
                LatencyHistogram = null,
                Intervals = [],
                ByName = new Dictionary<string, NamedRequestStats>(),
                Interrupted = true,
            },
            "diagnose" => ReportSamples.Diagnose() with { Steps = [], Usl = null, Verdict = null, Baseline = null, Watch = null },
            "scale" => ReportSamples.Scale() with { Steps = [], Usl = null, Verdict = null, Fault = null },
            "plan" => ReportSamples.Plan() with
            {
                Options = [],
                ScaleOut = null,
                ScaleUp = null,
                CostCurve = new CostCurve([], []),
                Recommendation = new PlanRecommendation("none", null, null, null, "nothing to plan", []),
            },
            _ => ReportSamples.Scale() with { Steps = [ReportSamples.Scale().Steps[0]], Usl = null },
        };

        var html = HtmlReport.Render([new ReportInput($"{kind}.json", result)]);
        var markdown = MarkdownReport.Render([new ReportInput($"{kind}.json", result)], "r.html");
        var csv = CsvReport.Render([new ReportInput($"{kind}.json", result)]);

        Assert.Contains("</html>", html, StringComparison.Ordinal);
        Assert.NotEmpty(markdown);
        Assert.StartsWith("source,", csv, StringComparison.Ordinal);
        foreach (Match chart in Regex.Matches(html, "<svg class=\"chart\".*?</svg>", RegexOptions.Singleline))
        {
            Assert.Contains("class=\"data", chart.Value, StringComparison.Ordinal);
        }
    }
}
