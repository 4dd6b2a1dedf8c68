using System.Globalization;
using ScaleLab.Core.Planning;
using ScaleLab.Reports.Charts;
using ScaleLab.Reports.Html;
using ScaleLab.Reports.Text;

namespace ScaleLab.Reports.Sections;

/// <summary>
/// A capacity plan: the recommendation and its reasons first, then the cost curve (monthly cost against capacity,
/// scale out beside scale up, the target as a vertical line, the chosen option marked), what losing one replica
/// costs, the options side by side, and what the numbers rest on.
/// </summary>
internal static class PlanSection
{
    public static void Write(HtmlWriter html, PlanResult plan)
    {
        html.Open("h2").Raw("<span class=\"kind\">plan</span>").Text($"target {Rate(plan.Target)}").Close("h2");
        var recommendation = plan.Recommendation;
        html.Open("div", $"verdict {Tone(plan)}");
        html.Paragraph(Headline(plan), "headline");
        if (recommendation.Reasons.Count > 0)
        {
            html.Element("p", "Why", "label").List(recommendation.Reasons);
        }

        html.List(plan.Warnings, "warnings");
        html.Close("div");
        html.Tiles(Tiles(plan));

        html.Element("h3", "Cost curve");
        html.WideChart(CostChart(plan));
        if (FailureNote(plan) is { } failure)
        {
            html.Element("h3", "Losing 1 of N");
            html.Paragraph(failure);
        }

        html.Element("h3", "Options");
        html.Table(
            ["option", "machine", "count", "capacity /s", "band /s", "latency ms", "per month", "reaches target", "headroom"],
            plan.Options.Select(o => ((IReadOnlyList<string>)
            [
                o.Kind,
                $"{o.Instance} ({o.Vcpus} vCPU)",
                o.Count.ToString(CultureInfo.InvariantCulture),
                Figures.Number(o.Throughput),
                o.ThroughputCi is { } band ? $"{Figures.Number(band.Lower)} – {Figures.Number(band.Upper)}" : "–",
                Figures.Number(o.LatencyMs),
                Money(o.MonthlyCost, plan.Catalog.Currency),
                o.Reachable ? "yes" : "no",
                Signed(o.Headroom),
            ], IsChosen(plan, o) ? "chosen" : o.Reachable ? null : "failed")));
        html.Paragraph(
            "Capacity is the fit's estimate; the band its 95% confidence interval; headroom the lower band (or the fit, without one) ÷ target − 1. "
            + "Latency: the objective's percentile measured at capacity at the nearest measured size. The recommended row is marked; rows in red do not reach the target.",
            "caption");

        html.Element("h3", "What the numbers rest on");
        html.Open("div", "columns");
        if (plan.ScaleOut is { } scaleOut)
        {
            html.Open("div").Element("p", "Scale out", "label").List(scaleOut.Notes).Close("div");
        }

        if (plan.ScaleUp is { } scaleUp)
        {
            html.Open("div").Element("p", "Scale up", "label").List(scaleUp.Notes).Close("div");
        }

        html.Close("div");

        html.Element("h3", "Settings");
        html.Settings(
        [
            ("target", $"{Rate(plan.Target)} ({plan.TargetSource})"),
            ("objective", plan.Slo),
            ("measured peak", Rate(plan.MeasuredPeak)),
            ("catalog", Catalog(plan.Catalog)),
            ("from", plan.From.Count > 0 ? string.Join(", ", plan.From) : null),
            ("USL over replicas", plan.ScaleOut is { } o ? $"σ {Figures.Number(o.Sigma)}, κ {Figures.Number(o.Kappa)}, λ {Figures.Number(o.Lambda)}/s; N* {(o.PeakReplicas is { } n ? $"{Figures.Number(n)} replicas ({Rate(o.PeakThroughput ?? 0)})" : "none")}" : null),
            ("USL over cores", plan.ScaleUp is { } u ? $"σ {Figures.Number(u.Sigma)}, κ {Figures.Number(u.Kappa)}, λ {Figures.Number(u.Lambda)}/s; the largest machine, {u.LargestInstance}, {Rate(u.LargestThroughput)}" : null),
        ]);
    }

    internal static string Headline(PlanResult plan)
    {
        var summary = plan.Recommendation.Summary;
        return summary.Length == 0 ? "No recommendation." : char.ToUpperInvariant(summary[0]) + summary[1..];
    }

    /// <summary>Green for a recommendation, red when neither path reaches the target (or no size can meet the objective).</summary>
    internal static string Tone(PlanResult plan) => plan.Recommendation.Kind == "none" ? "bad" : "good";

    /// <summary>
    /// Monthly cost against capacity for both paths: each point a count of the scale-out machine or one catalog
    /// machine. Cost is drawn on a log axis when it spans more than a decade or so: the catalog's largest machine
    /// costs a hundred times its smallest, and on a linear axis every affordable option would lie on the floor.
    /// </summary>
    internal static Chart CostChart(PlanResult plan)
    {
        var currency = plan.Catalog.Currency;
        var unit = currency == "USD" ? "$/month" : $"{currency}/month";
        var series = new List<ChartSeries>();
        var scaleOut = plan.CostCurve.ScaleOut;
        var scaleUp = plan.CostCurve.ScaleUp;
        if (scaleOut.Count > 0)
        {
            series.Add(new ChartSeries(
                $"scale out: 1, 2, … × {scaleOut[0].Instance}",
                SeriesKind.Line,
                [.. scaleOut.Select(p => new ChartPoint(p.Throughput, p.MonthlyCost, Label: $"{p.Count} × {p.Instance}, {Rate(p.Throughput)}"))])
            { Color = 0, Unit = unit });
        }

        if (scaleUp.Count > 0)
        {
            series.Add(new ChartSeries(
                "scale up: one machine of each size",
                SeriesKind.Line,
                [.. scaleUp.Select(p => new ChartPoint(p.Throughput, p.MonthlyCost, Label: $"one {p.Instance} ({p.Vcpus} vCPU), {Rate(p.Throughput)}"))])
            { Color = 1, Unit = unit });
        }

        var recommendation = plan.Recommendation;
        var chosen = plan.Options.FirstOrDefault(o => IsChosen(plan, o));
        if (chosen?.ThroughputCi is { } band)
        {
            // The count is chosen where the band's lower end covers the target, not the point: the whisker shows why.
            series.Add(new ChartSeries(
                "its 95% band",
                SeriesKind.Line,
                [new ChartPoint(band.Lower, chosen.MonthlyCost, Label: $"lower end, {Rate(band.Lower)}"), new ChartPoint(band.Upper, chosen.MonthlyCost, Label: $"upper end, {Rate(band.Upper)}")])
            { Color = 4, Dashed = true, Unit = unit });
        }

        if (chosen is not null)
        {
            series.Add(new ChartSeries(
                $"recommended: {Count(chosen)}, {Money(chosen.MonthlyCost, currency)}/month",
                SeriesKind.Points,
                [new ChartPoint(chosen.Throughput, chosen.MonthlyCost, Label: $"{Count(chosen)}, {Rate(chosen.Throughput)}")])
            { Color = 4, Highlight = true, Unit = unit });
        }

        if (chosen?.Kind == "scale-out" && plan.ScaleOut?.Failure is { Count: > 1 } failure)
        {
            // Still paying for N while N − 1 serve: the point moves left, and shows whether it crosses the target.
            series.Add(new ChartSeries(
                $"1 of {failure.Count} lost: {Rate(failure.CapacityAfterLoss)}{(failure.MeetsTargetAfterLoss ? string.Empty : ", short of the target by its band")}",
                SeriesKind.Points,
                [new ChartPoint(failure.CapacityAfterLoss, chosen.MonthlyCost, Label: $"{failure.Count - 1} of {failure.Count} × {chosen.Instance} serving, {Rate(failure.CapacityAfterLoss)}")])
            { Color = 3, Unit = unit });
        }

        var costs = scaleOut.Concat(scaleUp).Select(p => p.MonthlyCost).Where(c => c > 0 && double.IsFinite(c)).ToArray();
        var logCost = costs.Length > 1 && costs.Length == scaleOut.Count + scaleUp.Count && costs.Max() / costs.Min() >= 20;
        return new Chart("Monthly cost against capacity", "capacity within the objective (per second)", $"monthly cost ({currency}{(logCost ? ", log scale" : "")})", series)
        {
            YScale = logCost ? AxisScale.Log : AxisScale.Linear,
            XMarkers = [new ChartMarker(plan.Target, $"target {Rate(plan.Target)}") { Color = 2, AlwaysShown = true }],
            Caption = (recommendation.Kind == "none" ? "No option is marked: neither path reaches the target. " : string.Empty)
                + "Each point is a count of the scale-out machine or one machine of the catalog, at its predicted capacity; "
                + "what lies left of the target line falls short of it. A count is chosen where the lower end of its 95% band, not the point, covers the target. "
                + "Where the scale-out line turns back, more replicas handle less (past N*); "
                + "where the scale-up line rises straight, a larger machine adds cost and no capacity.",
        };
    }

    /// <summary>The article's "losing 1 of N": the share lost against the ideal 1/N, and whether one fewer still covers the target.</summary>
    internal static string? FailureNote(PlanResult plan)
    {
        var chosenKind = plan.Recommendation.Kind;
        if (chosenKind == "scale-up")
        {
            var up = plan.Options.FirstOrDefault(o => o.Kind == "scale-up");
            return up is null ? null : $"One machine: losing it loses all capacity. Two for failover cost {Money(up.MonthlyCost * 2, plan.Catalog.Currency)}/month.";
        }

        // With no recommendation the count is where capacity peaks, not one to run: what losing one of it takes says nothing.
        if (chosenKind != "scale-out" || plan.ScaleOut?.Failure is not { } f)
        {
            return null;
        }

        var after = f.MeetsTargetAfterLoss
            ? $"one fewer still covers the {Rate(plan.Target)} target"
            : $"short of the {Rate(plan.Target)} target: {(f.CountWithOneSpare is { } spare ? $"{spare} replicas survive one failure" : "no count survives one failure")}";
        return $"Losing 1 of {f.Count} replicas: capacity {Rate(f.Capacity)} → {Rate(f.CapacityAfterLoss)} (−{Figures.Percent(f.LostShare)}, 1/N = {Figures.Percent(f.IdealLostShare)}); {after}.";
    }

    private static IEnumerable<(string, string)> Tiles(PlanResult plan)
    {
        yield return ("target", Rate(plan.Target));
        yield return ("measured peak", Rate(plan.MeasuredPeak));
        yield return ("objective", plan.Slo);
        var chosen = plan.Options.FirstOrDefault(o => IsChosen(plan, o));
        yield return ("recommended", chosen is null ? "none" : Count(chosen));
        if (chosen is not null)
        {
            yield return ("per month", Money(chosen.MonthlyCost, plan.Catalog.Currency));
            yield return ("headroom", Signed(chosen.Headroom));
        }

        if (plan.ScaleOut?.Failure is { } failure && chosen?.Kind == "scale-out")
        {
            yield return ($"1 of {failure.Count} lost", $"−{Figures.Percent(failure.LostShare)}");
        }
    }

    private static bool IsChosen(PlanResult plan, PlanOption option) =>
        plan.Recommendation.Kind == option.Kind && plan.Recommendation.Instance == option.Instance && plan.Recommendation.Count == option.Count;

    private static string Count(PlanOption option) => option.Kind == "scale-up" && option.Count == 1
        ? $"one {option.Instance}"
        : $"{option.Count} × {option.Instance}";

    private static string Catalog(CatalogInfo catalog) =>
        $"{catalog.Source ?? "no source"}, {catalog.Date ?? "undated"}, {catalog.Currency}{(catalog.ExamplePrices ? "; example prices, not quotes" : string.Empty)}";

    /// <summary>A share with its sign, the minus a real one: +1.47%, −12.8%.</summary>
    internal static string Signed(double share) => (share >= 0 ? "+" : "−") + Figures.Percent(Math.Abs(share));

    internal static string Rate(double perSecond) => Figures.Number(perSecond) + "/s";

    internal static string Money(double amount, string currency) =>
        (currency == "USD" ? "$" : currency + " ") + amount.ToString("#,0", CultureInfo.InvariantCulture);
}
