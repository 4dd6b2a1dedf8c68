using System.Globalization;
using ScaleLab.Core.Scalability;
using ScaleLab.Reports.Charts;
using ScaleLab.Reports.Html;
using ScaleLab.Reports.Text;

namespace ScaleLab.Reports.Sections;

/// <summary>A fit: the model preferred and what its coefficients mean, then the curve with its band, the residuals, and every point.</summary>
internal static class FitSection
{
    public static void Write(HtmlWriter html, FitResult fit)
    {
        html.Open("h2").Raw("<span class=\"kind\">fit</span>").Text(fit.Source.File).Close("h2");
        html.Open("div", $"verdict {(fit.Warnings.Count > 0 ? "warn" : "good")}");
        html.Paragraph(Headline(fit), "headline");
        html.Paragraph(fit.Comparison.Reason);
        html.List(fit.Warnings.Select(w => w.Message));
        html.Close("div");
        html.Tiles(Tiles(fit.Usl));

        var points = fit.Points.Select(p => new ScalabilityPoint(p.N, p.Throughput)).ToArray();
        html.Element("h3", "Fit");
        html.Charts(UslCurve.Of("Throughput against load", $"load N ({fit.Source.NColumn})", points, fit.Usl), Residuals(fit));
        html.Element("h3", "Points");
        html.Table(
            ["N", "measured", "fitted", "residual", "efficiency", "lost to contention", "lost to coherency", "N/X ms"],
            fit.Points.Select(p => (IReadOnlyList<string>)
            [
                Figures.Number(p.N),
                Figures.Number(p.Throughput),
                Figures.Number(p.Fitted),
                Figures.Number(p.Residual),
                Figures.Number(p.Efficiency),
                Figures.Percent(p.ContentionShare),
                Figures.Percent(p.CoherencyShare),
                Figures.Number(p.LatencyMs),
            ]));
        if (fit.Predictions is { Count: > 0 } predictions)
        {
            html.Element("h3", "Predictions");
            html.Table(
                ["N", "throughput", "band", "latency ms", "note"],
                predictions.Select(p => (IReadOnlyList<string>)
                [
                    Figures.Number(p.N),
                    Figures.Number(p.Throughput),
                    p.ThroughputInterval is { } b ? $"{Figures.Number(b.Lower)} – {Figures.Number(b.Upper)}" : "–",
                    Figures.Number(p.LatencyMs),
                    p.Extrapolated ? "extrapolated" : string.Empty,
                ]));
        }

        if (fit.LatencyTarget is { Reachable: true, MaxConcurrency: { } maxN } target)
        {
            html.Paragraph($"Under {Figures.Ms(target.TargetMs)}: up to N = {Figures.Number(maxN)}, {Figures.Number(target.Throughput)} req/s.");
        }

        if (fit.WhatIf is { } whatIf)
        {
            html.Element("h3", "What if");
            html.Paragraph($"σ {Figures.Number(whatIf.Sigma)}, κ {Figures.Number(whatIf.Kappa)}, λ {Figures.Number(whatIf.Lambda)}: peak {Figures.Number(whatIf.PeakThroughput)} req/s at N* {Figures.Number(whatIf.PeakConcurrency)}.");
        }

        html.Element("h3", "Settings");
        html.Settings(
        [
            ("data", fit.Source.File),
            ("format", fit.Source.Format),
            ("columns", $"N = {fit.Source.NColumn}, throughput = {fit.Source.ThroughputColumn}"),
            ("points", fit.Source.PointCount.ToString(CultureInfo.InvariantCulture)),
            ("notes", fit.Source.Notes.Count > 0 ? string.Join("; ", fit.Source.Notes) : null),
            ("models", $"USL R² {Figures.Number(fit.Usl.R2)}, Amdahl R² {Figures.Number(fit.Amdahl.R2)}, linear R² {Figures.Number(fit.Linear.R2)}"),
        ]);
    }

    internal static string Headline(FitResult fit)
    {
        var usl = fit.Usl;
        var model = fit.Preferred.ToString().ToLowerInvariant();
        return usl.PeakConcurrency is { } peak
            ? $"Preferred model: {model}. Throughput peaks at {Figures.Number(usl.PeakThroughput)} req/s at N* = {Figures.Number(peak)}; past it, more load gives less."
            : usl.AmdahlCeiling is { } ceiling
                ? $"Preferred model: {model}. No peak (κ = 0): throughput approaches Amdahl's ceiling of {Figures.Number(ceiling)} req/s."
                : $"Preferred model: {model}. Throughput grows linearly, {Figures.Number(usl.Lambda)} req/s per unit of load.";
    }

    internal static IEnumerable<(string, string)> Tiles(UslSection usl)
    {
        yield return ("σ contention", Ci(usl.Sigma, usl.SigmaCi));
        yield return ("κ coherency", Ci(usl.Kappa, usl.KappaCi));
        yield return ("λ", Ci(usl.Lambda, usl.LambdaCi));
        yield return ("N* peak", usl.PeakConcurrency is { } n ? Figures.Number(n) : "none");
        yield return ("peak throughput", usl.PeakThroughput is { } x ? $"{Figures.Number(x)}/s" : "–");
        yield return ("Amdahl ceiling", usl.AmdahlCeiling is { } c ? $"{Figures.Number(c)}/s" : "–");
        yield return ("R²", Figures.Number(usl.R2));
    }

    private static string Ci(double value, ConfidenceInterval? ci) =>
        ci is { } i ? $"{Figures.Number(value)} [{Figures.Number(i.Lower)}, {Figures.Number(i.Upper)}]" : Figures.Number(value);

    private static Chart Residuals(FitResult fit) => new(
        "Residuals (measured − fitted)",
        $"load N ({fit.Source.NColumn})",
        "residual (req/s)",
        [new ChartSeries("residual", SeriesKind.Bars, fit.Points.Select(p => new ChartPoint(p.N, p.Residual, Label: $"N = {Figures.Number(p.N)}")).ToArray()) { Color = 2, Unit = "req/s" }])
    {
        YMarkers = fit.Usl.ResidualStdError is { } se ? [new ChartMarker(se, $"± residual std. error {Figures.Number(se)}") { Color = 7 }, new ChartMarker(-se, "") { Color = 7 }] : [],
        Caption = "A pattern in the residuals (all positive, then all negative) says the model misses something; noise scatters around 0.",
    };
}
