using System.Globalization;
using System.Text;
using ScaleLab.Reports.Html;
using ScaleLab.Reports.Text;

namespace ScaleLab.Reports.Charts;

/// <summary>
/// Draws a <see cref="Chart"/> as a figure: a legend, an inline SVG that needs no script, font or file, and a caption.
/// Colours come from CSS variables, so that the light and dark themes and print restyle every chart at once; every
/// measured point carries an SVG <c>title</c>, the browser's own tooltip.
/// </summary>
public static class SvgChart
{
    private const double Width = 640;
    private const double Height = 280;
    private const double Left = 64;
    private const double Right = 16;
    private const double Top = 14;
    private const double Bottom = 42;

    /// <summary>The chart as an HTML fragment (a <c>figure</c>); empty when it has no data.</summary>
    public static string Render(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (!chart.HasData)
        {
            return string.Empty;
        }

        var xs = chart.Series.SelectMany(s => s.Points).Select(p => p.X).ToList();
        var ys = chart.Series.SelectMany(s => s.Points).SelectMany(p => p.Y2 is { } y2 ? new[] { p.Y, y2 } : [p.Y]).ToList();
        var dataMaxY = ys.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var dataMaxX = xs.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        // A reference line joins the axis only when it is near the data: an Amdahl ceiling 50 times the measured
        // peak would flatten every curve into the floor. Lines left out are named in the caption instead.
        var yMarkers = chart.YMarkers.Where(m => double.IsFinite(m.Value) && (m.AlwaysShown || m.Value <= Math.Max(dataMaxY * 2, chart.YMax ?? 0))).ToList();
        var xMarkers = chart.XMarkers.Where(m => double.IsFinite(m.Value) && (m.AlwaysShown || m.Value <= dataMaxX * 2)).ToList();
        ys.AddRange(yMarkers.Select(m => m.Value));
        xs.AddRange(xMarkers.Select(m => m.Value));
        var hasBars = chart.Series.Any(s => s.Kind == SeriesKind.Bars);

        var xAxis = ChartAxis.Fit(chart.XScale, xs, fromZero: false, max: null, Left, Width - Right, exact: true);
        if (hasBars && chart.XScale == AxisScale.Linear)
        {
            // Bars need room at both ends for their own width.
            var gap = MinGap(chart);
            xAxis = ChartAxis.Fit(chart.XScale, [.. xs, xs.Min() - 0.6 * gap, xs.Max() + 0.6 * gap], fromZero: false, max: null, Left, Width - Right, exact: true);
        }

        var yAxis = ChartAxis.Fit(chart.YScale, ys, chart.YFromZero, chart.YMax, Height - Bottom, Top);
        var bandWidth = hasBars ? BarSlot(chart, xAxis) : 0;

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{HtmlText.Escape(chart.Title)}\" xmlns=\"http://www.w3.org/2000/svg\">"));
        Grid(svg, chart, xAxis, yAxis);
        var seriesIndex = 0;
        var barSeries = chart.Series.Count(s => s.Kind == SeriesKind.Bars);
        var barIndex = 0;
        foreach (var series in chart.Series.OrderBy(s => s.Kind == SeriesKind.Band ? 0 : s.Kind == SeriesKind.Bars ? 1 : 2))
        {
            var points = series.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y) && xAxis.Contains(p.X)).ToArray();
            if (points.Length == 0)
            {
                continue;
            }

            var css = $"c{Math.Clamp(series.Color, 0, 7)}" + (series.Dashed ? " dashed" : "") + (series.Highlight ? " highlight" : "");
            switch (series.Kind)
            {
                case SeriesKind.Band:
                    Band(svg, points, css, xAxis, yAxis);
                    break;
                case SeriesKind.Bars:
                    Bars(svg, series, points, css, xAxis, yAxis, bandWidth, barIndex++, barSeries);
                    break;
                case SeriesKind.Points:
                    // A highlighted point (a plan's recommended option) sits on a line's own dots: larger, so it shows.
                    Dots(svg, series, points, css, xAxis, yAxis, radius: series.Highlight ? 6 : 3.5, visible: true);
                    break;
                case SeriesKind.Steps:
                    Line(svg, points, css, xAxis, yAxis, steps: true);
                    Dots(svg, series, points, css, xAxis, yAxis, radius: 3, visible: false);
                    break;
                default:
                    Line(svg, points, css, xAxis, yAxis, steps: false);
                    Dots(svg, series, points, css, xAxis, yAxis, radius: 2.5, visible: points.Length <= 40 && !series.Dashed);
                    break;
            }

            seriesIndex++;
        }

        foreach (var marker in yMarkers)
        {
            var y = yAxis.Map(marker.Value);
            svg.Append(Invariant($"<line class=\"marker c{marker.Color}\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>"));
            svg.Append(Invariant($"<text class=\"marker-label\" x=\"{Width - Right - 4}\" y=\"{y - 4:0.#}\" text-anchor=\"end\">{HtmlText.Escape(marker.Label)}</text>"));
        }

        var row = 0;
        foreach (var marker in xMarkers)
        {
            // Labels of markers close together (killed, ejected) stack rather than overprint.
            var labelY = Height - Bottom - 6 - 13 * (row++ % 3);
            var x = xAxis.Map(marker.Value);
            svg.Append(Invariant($"<line class=\"marker c{marker.Color}\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top}\" y2=\"{Height - Bottom}\"/>"));
            var anchor = x > Width * 0.75 ? "end" : "start";
            var dx = anchor == "end" ? -4 : 4;
            svg.Append(Invariant($"<text class=\"marker-label\" x=\"{x + dx:0.#}\" y=\"{labelY}\" text-anchor=\"{anchor}\">{HtmlText.Escape(marker.Label)}</text>"));
        }

        svg.Append("</svg>");

        var figure = new StringBuilder();
        figure.Append("<figure class=\"chart-figure\">");
        figure.Append("<figcaption class=\"chart-title\">").Append(HtmlText.Escape(chart.Title)).Append("</figcaption>");
        figure.Append("<ul class=\"legend\">");
        foreach (var series in chart.Series.Where(s => s.Points.Count > 0))
        {
            var css = $"c{Math.Clamp(series.Color, 0, 7)}" + (series.Dashed ? " dashed" : "") + (series.Kind == SeriesKind.Band ? " band" : "");
            figure.Append("<li><span class=\"swatch ").Append(css).Append("\"></span>").Append(HtmlText.Escape(series.Name)).Append("</li>");
        }

        foreach (var marker in yMarkers.Concat(xMarkers).Where(m => m.Label.Length > 0))
        {
            figure.Append("<li><span class=\"swatch marker-swatch c").Append(marker.Color.ToString(CultureInfo.InvariantCulture)).Append("\"></span>")
                .Append(HtmlText.Escape(marker.Label)).Append("</li>");
        }

        figure.Append("</ul>");
        figure.Append(svg);
        var omitted = chart.YMarkers.Except(yMarkers).Concat(chart.XMarkers.Except(xMarkers)).ToArray();
        if (chart.Caption is not null || omitted.Length > 0)
        {
            figure.Append("<p class=\"caption\">");
            figure.Append(HtmlText.Escape(chart.Caption ?? string.Empty));
            foreach (var marker in omitted)
            {
                figure.Append(' ').Append(HtmlText.Escape($"{marker.Label}: off the chart."));
            }

            figure.Append("</p>");
        }

        figure.Append("</figure>");
        return figure.ToString();
    }

    private static void Grid(StringBuilder svg, Chart chart, ChartAxis xAxis, ChartAxis yAxis)
    {
        svg.Append("<g class=\"grid\">");
        foreach (var tick in yAxis.Ticks)
        {
            var y = yAxis.Map(tick);
            svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>"));
            svg.Append(Invariant($"<text class=\"tick\" x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{TickLabel(tick, chart.YScale)}</text>"));
        }

        // Bars are labelled at their own x when there are few of them (1, 2, 4, 8 replicas); many (one per second)
        // take the axis's round ticks, or their labels would run into each other.
        var barXs = chart.Series.SelectMany(s => s.Points).Select(p => p.X).Distinct().Order().ToList();
        var xTicks = chart.Series.All(s => s.Kind == SeriesKind.Bars) && chart.XScale is AxisScale.Linear or AxisScale.Log2 && barXs.Count <= 12
            ? barXs
            : xAxis.Ticks.ToList();
        foreach (var tick in xTicks.Where(xAxis.Contains))
        {
            var x = xAxis.Map(tick);
            svg.Append(Invariant($"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top}\" y2=\"{Height - Bottom}\"/>"));
            svg.Append(Invariant($"<text class=\"tick\" x=\"{x:0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{TickLabel(tick, chart.XScale)}</text>"));
        }

        svg.Append("</g>");
        svg.Append(Invariant($"<rect class=\"frame\" x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\"/>"));
        svg.Append(Invariant($"<text class=\"axis-label\" x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\">{HtmlText.Escape(chart.XLabel)}</text>"));
        svg.Append(Invariant($"<text class=\"axis-label\" transform=\"translate(14 {(Top + Height - Bottom) / 2}) rotate(-90)\" text-anchor=\"middle\">{HtmlText.Escape(chart.YLabel)}</text>"));
    }

    private static void Line(StringBuilder svg, ChartPoint[] points, string css, ChartAxis xAxis, ChartAxis yAxis, bool steps)
    {
        var path = new StringBuilder();
        for (var i = 0; i < points.Length; i++)
        {
            var x = xAxis.Map(points[i].X);
            var y = yAxis.Map(points[i].Y);
            if (i == 0)
            {
                path.Append(Invariant($"M{x:0.##} {y:0.##}"));
            }
            else if (steps)
            {
                path.Append(Invariant($"H{x:0.##}V{y:0.##}"));
            }
            else
            {
                path.Append(Invariant($"L{x:0.##} {y:0.##}"));
            }
        }

        if (points.Length == 1)
        {
            // One point makes no visible line: a short tick keeps it on the chart.
            path.Append("h0.01");
        }

        svg.Append("<path class=\"data line ").Append(css).Append("\" d=\"").Append(path).Append("\"/>");
    }

    private static void Band(StringBuilder svg, ChartPoint[] points, string css, ChartAxis xAxis, ChartAxis yAxis)
    {
        var withUpper = points.Where(p => p.Y2 is { } u && double.IsFinite(u)).ToArray();
        if (withUpper.Length < 2)
        {
            return;
        }

        var path = new StringBuilder();
        path.Append(Invariant($"M{xAxis.Map(withUpper[0].X):0.##} {yAxis.Map(withUpper[0].Y2!.Value):0.##}"));
        foreach (var p in withUpper.Skip(1))
        {
            path.Append(Invariant($"L{xAxis.Map(p.X):0.##} {yAxis.Map(p.Y2!.Value):0.##}"));
        }

        foreach (var p in withUpper.Reverse())
        {
            path.Append(Invariant($"L{xAxis.Map(p.X):0.##} {yAxis.Map(p.Y):0.##}"));
        }

        path.Append('Z');
        svg.Append("<path class=\"data band ").Append(css).Append("\" d=\"").Append(path).Append("\"/>");
    }

    private static void Bars(StringBuilder svg, ChartSeries series, ChartPoint[] points, string css, ChartAxis xAxis, ChartAxis yAxis, double slot, int index, int count)
    {
        var width = Math.Max(2, slot / count);
        var zero = yAxis.Map(Math.Max(0, yAxis.Min));
        foreach (var p in points)
        {
            var x = xAxis.Map(p.X) - slot / 2 + index * width;
            var y = yAxis.Map(p.Y);
            var top = Math.Min(y, zero);
            // A zero bar still shows as a hairline, so that a measured zero differs from a missing step.
            var height = Math.Max(1, Math.Abs(zero - y));
            svg.Append(Invariant($"<rect class=\"data bar {css}\" x=\"{x:0.##}\" y=\"{top - (height == 1 ? 1 : 0):0.##}\" width=\"{width * 0.9:0.##}\" height=\"{height:0.##}\">"));
            svg.Append("<title>").Append(HtmlText.Escape(Tooltip(series, p))).Append("</title></rect>");
        }
    }

    private static void Dots(StringBuilder svg, ChartSeries series, ChartPoint[] points, string css, ChartAxis xAxis, ChartAxis yAxis, double radius, bool visible)
    {
        if (!visible && points.Length > 300)
        {
            return;
        }

        foreach (var p in points)
        {
            var cls = visible ? "data dot " + css : "hit";
            svg.Append(Invariant($"<circle class=\"{cls}\" cx=\"{xAxis.Map(p.X):0.##}\" cy=\"{yAxis.Map(p.Y):0.##}\" r=\"{(visible ? radius : 5)}\">"));
            svg.Append("<title>").Append(HtmlText.Escape(Tooltip(series, p))).Append("</title></circle>");
        }
    }

    private static string Tooltip(ChartSeries series, ChartPoint p)
    {
        var unit = series.Unit.Length > 0 ? " " + series.Unit : string.Empty;
        return p.Label is { } label
            ? $"{series.Name}, {label}: {Figures.Number(p.Y)}{unit}"
            : $"{series.Name} at {Figures.Number(p.X)}: {Figures.Number(p.Y)}{unit}";
    }

    private static double MinGap(Chart chart)
    {
        var xs = chart.Series.Where(s => s.Kind == SeriesKind.Bars).SelectMany(s => s.Points).Select(p => p.X).Distinct().Order().ToArray();
        var gaps = xs.Zip(xs.Skip(1), (a, b) => b - a).Where(g => g > 0).ToArray();
        return gaps.Length > 0 ? gaps.Min() : 1;
    }

    /// <summary>The width each x value's bars share: most of the narrowest distance between two x values, in pixels.</summary>
    private static double BarSlot(Chart chart, ChartAxis xAxis)
    {
        var pixels = chart.Series.Where(s => s.Kind == SeriesKind.Bars).SelectMany(s => s.Points).Select(p => p.X)
            .Where(xAxis.Contains).Distinct().Select(xAxis.Map).Order().ToArray();
        var gaps = pixels.Zip(pixels.Skip(1), (a, b) => b - a).Where(g => g > 0.5).ToArray();
        return Math.Clamp((gaps.Length > 0 ? gaps.Min() : 80) * 0.7, 4, 60);
    }

    private static string TickLabel(double value, AxisScale scale) => scale == AxisScale.Percentile
        ? value.ToString("0.####", CultureInfo.InvariantCulture) + "%"
        : HtmlText.Escape(Figures.Number(value));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
