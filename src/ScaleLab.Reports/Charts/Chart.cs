namespace ScaleLab.Reports.Charts;

/// <summary>
/// One chart of a report, drawn as inline SVG by <see cref="SvgChart"/>: series over two axes, with reference lines
/// (a ceiling, an objective) and markers (N*, a fault). Public so that a caller can add a chart of its own (a
/// comparison) to a report section.
/// </summary>
/// <param name="Title">What the chart shows, in a few words.</param>
/// <param name="XLabel">The x axis, with its unit.</param>
/// <param name="YLabel">The y axis, with its unit.</param>
/// <param name="Series">What is plotted; a chart with no point in any series is not drawn.</param>
public sealed record Chart(string Title, string XLabel, string YLabel, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>How x values map to the width.</summary>
    public AxisScale XScale { get; init; } = AxisScale.Linear;
    /// <summary>How y values map to the height.</summary>
    public AxisScale YScale { get; init; } = AxisScale.Linear;
    /// <summary>Vertical lines at an x value, labelled (N*, the moment a replica was killed).</summary>
    public IReadOnlyList<ChartMarker> XMarkers { get; init; } = [];
    /// <summary>Horizontal lines at a y value, labelled (Amdahl's ceiling, the objective).</summary>
    public IReadOnlyList<ChartMarker> YMarkers { get; init; } = [];
    /// <summary>When true the y axis starts at 0 whatever the data (linear scale only).</summary>
    public bool YFromZero { get; init; } = true;
    /// <summary>An upper bound for the y axis (100 for a percentage), or null to follow the data.</summary>
    public double? YMax { get; init; }
    /// <summary>A short note under the chart: what to read in it.</summary>
    public string? Caption { get; init; }

    /// <summary>True when some series has a point to draw.</summary>
    public bool HasData => Series.Any(s => s.Points.Any(p => double.IsFinite(p.X) && double.IsFinite(p.Y)));
}

/// <summary>How an axis maps values.</summary>
public enum AxisScale
{
    /// <summary>Evenly spaced values.</summary>
    Linear,
    /// <summary>Powers of ten evenly spaced; values must be positive.</summary>
    Log,
    /// <summary>Powers of two evenly spaced, for loads that double (1, 2, 4, … users or replicas); values must be positive.</summary>
    Log2,
    /// <summary>
    /// Percentiles (0 to 100) spaced as HdrHistogram plots them: by 1 / (1 − p) on a log scale, so that 90%, 99%,
    /// 99.9% and 99.99% are equally far apart and the tail is visible.
    /// </summary>
    Percentile,
}

/// <summary>How a series is drawn.</summary>
public enum SeriesKind
{
    /// <summary>Points joined by straight lines.</summary>
    Line,
    /// <summary>Points alone (measurements).</summary>
    Points,
    /// <summary>A shaded area between each point's <see cref="ChartPoint.Y"/> (lower) and <see cref="ChartPoint.Y2"/> (upper).</summary>
    Band,
    /// <summary>A bar from 0 to each point.</summary>
    Bars,
    /// <summary>Horizontal steps: each value holds until the next point's x.</summary>
    Steps,
}

/// <summary>One series of a chart.</summary>
/// <param name="Name">Its legend entry.</param>
/// <param name="Kind">How it is drawn.</param>
/// <param name="Points">Its points, in x order for lines, bands and steps.</param>
public sealed record ChartSeries(string Name, SeriesKind Kind, IReadOnlyList<ChartPoint> Points)
{
    /// <summary>The palette slot (0 to 7), so that the same quantity has the same colour in every chart.</summary>
    public int Color { get; init; }
    /// <summary>A dashed line: a model or an ideal, not a measurement.</summary>
    public bool Dashed { get; init; }
    /// <summary>Drawn thicker and stronger than the others (the bottleneck tier).</summary>
    public bool Highlight { get; init; }
    /// <summary>How a y value reads in a tooltip, e.g. "req/s" or "ms".</summary>
    public string Unit { get; init; } = string.Empty;
}

/// <summary>One point; <paramref name="Y2"/> is the band's upper edge.</summary>
/// <param name="X">The x value.</param>
/// <param name="Y">The y value (a band's lower edge).</param>
/// <param name="Y2">A band's upper edge; null otherwise.</param>
/// <param name="Label">A tooltip label of its own (a tier's name, a step); null for the default.</param>
public readonly record struct ChartPoint(double X, double Y, double? Y2 = null, string? Label = null);

/// <summary>A labelled reference line across the plot.</summary>
/// <param name="Value">Where it is, on its axis.</param>
/// <param name="Label">What it is.</param>
public sealed record ChartMarker(double Value, string Label)
{
    /// <summary>The palette slot of the line.</summary>
    public int Color { get; init; } = 7;
    /// <summary>
    /// Drawn however far it is from the data, the axis widened to it (a plan's target: how far the curves fall short
    /// is what the chart is for); otherwise a line more than twice the data's largest value is named in the caption.
    /// </summary>
    public bool AlwaysShown { get; init; }
}
