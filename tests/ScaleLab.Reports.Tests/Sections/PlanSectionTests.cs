using System.Globalization;
using System.Text.RegularExpressions;
using ScaleLab.Core.Planning;
using ScaleLab.Reports.Charts;
using ScaleLab.Reports.Sections;

namespace ScaleLab.Reports.Tests.Sections;

public sealed partial class PlanSectionTests
{
    [Fact]
    public void Render_Plan_PutsTheRecommendationAndItsReasonsBeforeTheCostCurve()
    {
        var plan = ReportSamples.Plan();

        var html = HtmlReport.Render(plan, "plan.json");

        var verdict = html.IndexOf("class=\"verdict good", StringComparison.Ordinal);
        var reason = html.IndexOf("runs out at 4,358/s", StringComparison.Ordinal);
        var chart = html.IndexOf("<svg", StringComparison.Ordinal);
        Assert.True(verdict > 0 && reason > verdict && chart > reason, "the recommendation and its reasons come before the chart");
        Assert.Contains("Scale-out: 11 × m7i.large", html, StringComparison.Ordinal);
        Assert.Contains("Monthly cost against capacity", html, StringComparison.Ordinal);
    }

    [Fact]
    public void CostChart_ScaleExample_PlotsBothCurvesCostAgainstCapacity()
    {
        var plan = ReportSamples.Plan();

        var chart = PlanSection.CostChart(plan);
        var svg = SvgChart.Render(chart);

        var lines = chart.Series.Where(s => s.Kind == SeriesKind.Line && !s.Dashed).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal(plan.CostCurve.ScaleOut.Select(p => (p.Throughput, p.MonthlyCost)), lines[0].Points.Select(p => (p.X, p.Y)));
        Assert.Equal(plan.CostCurve.ScaleUp.Select(p => (p.Throughput, p.MonthlyCost)), lines[1].Points.Select(p => (p.X, p.Y)));
        Assert.Contains("<path class=\"data line c0\"", svg, StringComparison.Ordinal);
        Assert.Contains("<path class=\"data line c1\"", svg, StringComparison.Ordinal);
        Assert.Contains("monthly cost (USD", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void CostChart_Target_IsAVerticalLineLabelled()
    {
        var svg = SvgChart.Render(PlanSection.CostChart(ReportSamples.Plan()));

        var marker = MarkerLine().Match(svg);
        Assert.True(marker.Success, "a marker line");
        Assert.Equal(marker.Groups["x1"].Value, marker.Groups["x2"].Value);
        Assert.Contains(">target 5,000/s</text>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void CostChart_TargetFarBeyondTheCurves_IsStillDrawn()
    {
        var plan = ReportSamples.Plan(target: null, growth: 3);

        var svg = SvgChart.Render(PlanSection.CostChart(plan));

        Assert.True(plan.Target > 2 * plan.CostCurve.ScaleOut.Max(p => p.Throughput), "the target is more than twice the largest capacity");
        Assert.Matches(MarkerLine(), svg);
        Assert.DoesNotContain("off the chart", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void CostChart_Recommended_IsMarkedAtItsCapacityAndCost()
    {
        var plan = ReportSamples.Plan();

        var chart = PlanSection.CostChart(plan);

        var chosen = plan.Options.Single(o => o.Kind == "scale-out");
        var mark = Assert.Single(chart.Series, s => s.Highlight);
        Assert.Equal(SeriesKind.Points, mark.Kind);
        Assert.Equal((chosen.Throughput, chosen.MonthlyCost), (mark.Points[0].X, mark.Points[0].Y));
        Assert.StartsWith("recommended: 11 × m7i.large", mark.Name, StringComparison.Ordinal);
        var lost = Assert.Single(chart.Series, s => s.Name.StartsWith("1 of 11 lost", StringComparison.Ordinal));
        Assert.Equal((plan.ScaleOut!.Failure!.CapacityAfterLoss, chosen.MonthlyCost), (lost.Points[0].X, lost.Points[0].Y));
    }

    [Fact]
    public void Render_NeitherPathReaches_IsRedAndMarksNoOption()
    {
        var plan = ReportSamples.Plan(target: null, growth: 3);

        var html = HtmlReport.Render(plan, "plan.json");
        var chart = PlanSection.CostChart(plan);

        Assert.Equal("none", plan.Recommendation.Kind);
        Assert.Contains("class=\"verdict bad", html, StringComparison.Ordinal);
        Assert.DoesNotContain(chart.Series, s => s.Highlight);
        Assert.Contains("No option is marked", chart.Caption, StringComparison.Ordinal);
        Assert.Null(PlanSection.FailureNote(plan));
    }

    [Fact]
    public void FailureNote_ScaleOut_SaysWhatOneLostReplicaTakes()
    {
        var note = PlanSection.FailureNote(ReportSamples.Plan());

        Assert.Equal("Losing 1 of 11 replicas: capacity 5,280/s → 5,091/s (−3.58%, 1/N = 9.09%); short of the 5,000/s target: 12 replicas survive one failure.", note);
    }

    [Fact]
    public void Render_HostileStrings_AreEscapedEverywhere()
    {
        const string hostile = "<script>alert(1)</script>\"'&";
        var plan = ReportSamples.Plan();
        var option = plan.Options[0] with { Instance = hostile, Notes = [hostile] };
        plan = plan with
        {
            TargetSource = hostile,
            Slo = hostile,
            Options = [option, .. plan.Options.Skip(1)],
            Recommendation = plan.Recommendation with { Instance = hostile, Summary = hostile, Reasons = [hostile] },
            CostCurve = new CostCurve([.. plan.CostCurve.ScaleOut.Select(p => p with { Instance = hostile })], plan.CostCurve.ScaleUp),
            Catalog = plan.Catalog with { Source = hostile, Currency = hostile },
            Warnings = [hostile],
            From = [hostile],
            CommandLine = hostile,
        };

        var html = HtmlReport.Render(plan, hostile);
        var markdown = MarkdownReport.Render([new ReportInput(hostile, plan)]);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_Plan_GivesTheRecommendationAndEachOption()
    {
        var markdown = MarkdownReport.Render([new ReportInput("plan.json", ReportSamples.Plan())]);

        Assert.Contains("### plan: target 5,000/s", markdown, StringComparison.Ordinal);
        Assert.Contains("✅ **Scale-out: 11 × m7i.large", markdown, StringComparison.Ordinal);
        Assert.Contains("| scale-out: 11 × m7i.large | 5,280/s, $809/month, reaches the target", markdown, StringComparison.Ordinal);
        Assert.Contains("| scale-up: 1 × m7i.4xlarge |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 1 of N | Losing 1 of 11 replicas", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_Plan_OneRowPerCostCurvePoint()
    {
        var plan = ReportSamples.Plan();

        var lines = CsvReport.Render([new ReportInput("plan.json", plan)]).TrimEnd('\n').Split('\n');

        Assert.Equal("source,path,instance,count,vcpus,throughput,monthlyCost", lines[0]);
        Assert.Equal(plan.CostCurve.ScaleOut.Count + plan.CostCurve.ScaleUp.Count, lines.Length - 1);
        var first = plan.CostCurve.ScaleOut[0];
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"plan.json,scale-out,m7i.large,1,2,{first.Throughput},{first.MonthlyCost}"), lines[1]);
        Assert.StartsWith("plan.json,scale-up,m7i.48xlarge,1,192,", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PlanWrittenByTheCli_IsAPlanResult()
    {
        var input = ReportSamples.RealPlan();

        var plan = Assert.IsType<PlanResult>(input.Result);
        Assert.Equal(5000, plan.Target);
        Assert.Equal("scale-out", plan.Recommendation.Kind);
        Assert.NotEmpty(plan.CostCurve.ScaleOut);
        Assert.NotEmpty(plan.CostCurve.ScaleUp);
    }

    [GeneratedRegex("<line class=\"marker c2\" x1=\"(?<x1>[0-9.]+)\" x2=\"(?<x2>[0-9.]+)\"")]
    private static partial Regex MarkerLine();
}
