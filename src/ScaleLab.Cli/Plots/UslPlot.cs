using ScaleLab.Core.Scalability;
using ScottPlot;

namespace ScaleLab.Cli.Plots;

/// <summary>
/// Draws a fit with ScottPlot: the measured points, the USL curve with its confidence band, the linear ideal λN,
/// Amdahl's ceiling λ/σ and the peak N*.
/// </summary>
internal static class UslPlot
{
    private const int Width = 900;
    private const int Height = 560;
    private const int Samples = 300;

    /// <summary>The chart as the bytes of an SVG or PNG file, chosen by the extension of <paramref name="path"/>.</summary>
    public static byte[] Render(string path, ScalabilityAnalysis analysis, FitSource source, IReadOnlyList<FitPrediction> predictions)
    {
        var usl = analysis.Usl;
        var model = usl.Model;
        var maxN = analysis.Points.Max(p => p.N);
        var xMax = maxN * 1.1;
        if (usl.PeakConcurrency is { } peak && peak > maxN && peak < 3 * maxN)
        {
            xMax = peak * 1.2;
        }

        if (predictions.Count > 0)
        {
            xMax = Math.Max(xMax, predictions.Max(p => p.N) * 1.05);
        }

        var xs = Enumerable.Range(0, Samples).Select(i => xMax * (i + 1) / Samples).ToArray();
        var fitted = xs.Select(model.Throughput).ToArray();
        var bands = xs.Select(usl.Predict).ToArray();
        var yMax = Math.Max(analysis.Points.Max(p => p.Throughput), fitted.Max()) * 1.15;
        if (model.AmdahlCeiling is { } near && near < yMax * 1.5)
        {
            // A ceiling just above the data is worth showing: stretch the axis to it.
            yMax = Math.Max(yMax, near * 1.05);
        }

        var plot = new Plot();
        if (bands.All(b => b.ThroughputInterval is not null))
        {
            var band = plot.Add.FillY(
                xs,
                bands.Select(b => b.ThroughputInterval!.Value.Lower).ToArray(),
                bands.Select(b => Math.Min(b.ThroughputInterval!.Value.Upper, yMax * 2)).ToArray());
            band.FillColor = Colors.SteelBlue.WithAlpha(0.2);
            band.LineColor = Colors.Transparent;
            band.LegendText = $"{usl.ConfidenceLevel * 100:0}% confidence band";
        }

        var ideal = plot.Add.ScatterLine(xs, xs.Select(n => model.Lambda * n).ToArray());
        ideal.LegendText = "linear ideal λN";
        ideal.LinePattern = LinePattern.Dashed;
        ideal.Color = Colors.Gray;

        if (model.AmdahlCeiling is { } ceiling && ceiling <= yMax)
        {
            var line = plot.Add.HorizontalLine(ceiling);
            line.LegendText = $"Amdahl ceiling λ/σ = {ceiling:G4}";
            line.LinePattern = LinePattern.Dotted;
            line.Color = Colors.DarkOrange;
        }

        if (usl.PeakConcurrency is { } n && n <= xMax)
        {
            var line = plot.Add.VerticalLine(n);
            line.LegendText = $"peak N* = {n:G4}, X = {usl.PeakThroughput:G4}";
            line.LinePattern = LinePattern.Dotted;
            line.Color = Colors.FireBrick;
        }

        var curve = plot.Add.ScatterLine(xs, fitted);
        curve.LegendText = $"USL σ = {model.Sigma:G3}, κ = {model.Kappa:G3}, λ = {model.Lambda:G4}";
        curve.LineWidth = 2;
        curve.Color = Colors.SteelBlue;

        var measured = plot.Add.ScatterPoints(
            analysis.Points.Select(p => p.N).ToArray(),
            analysis.Points.Select(p => p.Throughput).ToArray());
        measured.LegendText = "measured";
        measured.MarkerSize = 8;
        measured.Color = Colors.Black;

        plot.Title($"Universal Scalability Law fit of {Path.GetFileName(source.File)}");
        plot.XLabel($"N ({source.NColumn})");
        plot.YLabel($"X ({source.ThroughputColumn})");
        plot.Axes.SetLimits(0, xMax, 0, yMax);
        plot.ShowLegend(Alignment.LowerRight);

        return Path.GetExtension(path).Equals(".png", StringComparison.OrdinalIgnoreCase)
            ? plot.GetImageBytes(Width, Height, ImageFormat.Png)
            : System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(Width, Height));
    }
}
