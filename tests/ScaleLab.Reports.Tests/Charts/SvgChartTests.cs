using ScaleLab.Reports.Charts;

namespace ScaleLab.Reports.Tests.Charts;

public sealed class SvgChartTests
{
    [Fact]
    public void Render_NoPoints_DrawsNothing()
    {
        var chart = new Chart("t", "x", "y", [new ChartSeries("s", SeriesKind.Line, [])]);

        Assert.Equal(string.Empty, SvgChart.Render(chart));
    }

    [Fact]
    public void Render_Line_DrawsOnePathThroughEveryPointWithTooltips()
    {
        var chart = new Chart("t", "x", "y", [new ChartSeries("throughput", SeriesKind.Line, [new ChartPoint(1, 10), new ChartPoint(2, 20), new ChartPoint(3, 15)]) { Unit = "req/s" }]);

        var svg = SvgChart.Render(chart);

        Assert.Single(Occurrences(svg, "<path class=\"data line"));
        Assert.Equal(3, Occurrences(svg, "<circle class=\"data dot").Count);
        Assert.Contains("<title>throughput at 2: 20 req/s</title>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MarkerFarAboveTheData_IsNamedInTheCaptionNotDrawn()
    {
        var chart = new Chart("t", "x", "y", [new ChartSeries("s", SeriesKind.Points, [new ChartPoint(1, 10), new ChartPoint(2, 20)])])
        {
            YMarkers = [new ChartMarker(5000, "Amdahl ceiling")],
        };

        var svg = SvgChart.Render(chart);

        Assert.DoesNotContain("<line class=\"marker", svg, StringComparison.Ordinal);
        Assert.Contains("Amdahl ceiling: off the chart.", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ZeroBars_StillShowAsHairlines()
    {
        var chart = new Chart("t", "x", "y", [new ChartSeries("errors", SeriesKind.Bars, [new ChartPoint(1, 0), new ChartPoint(2, 0)])]) { YMax = 1 };

        var svg = SvgChart.Render(chart);

        Assert.Equal(2, Occurrences(svg, "<rect class=\"data bar").Count);
        Assert.DoesNotContain("height=\"0\"", svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AxisScale.Log)]
    [InlineData(AxisScale.Log2)]
    [InlineData(AxisScale.Percentile)]
    public void Render_NonLinearAxes_KeepEveryCoordinateFinite(AxisScale scale)
    {
        var chart = new Chart("t", "x", "y", [new ChartSeries("s", SeriesKind.Line, [new ChartPoint(1, 1), new ChartPoint(50, 10), new ChartPoint(99.9, 1000)])])
        {
            XScale = scale,
            YScale = AxisScale.Log,
        };

        var svg = SvgChart.Render(chart);

        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", svg, StringComparison.Ordinal);
    }

    private static List<int> Occurrences(string text, string what)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            found.Add(i);
        }

        return found;
    }
}
