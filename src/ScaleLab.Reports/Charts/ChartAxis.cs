namespace ScaleLab.Reports.Charts;

/// <summary>One axis of a chart: its domain, how values map to pixels, and its ticks.</summary>
internal sealed class ChartAxis
{
    private readonly AxisScale _scale;
    private readonly double _from;
    private readonly double _to;
    private readonly double _pixelFrom;
    private readonly double _pixelTo;

    private ChartAxis(AxisScale scale, double min, double max, double pixelFrom, double pixelTo, IReadOnlyList<double> ticks)
    {
        _scale = scale;
        Min = min;
        Max = max;
        _from = Transform(scale, min);
        _to = Transform(scale, max);
        _pixelFrom = pixelFrom;
        _pixelTo = pixelTo;
        Ticks = ticks;
    }

    public double Min { get; }

    public double Max { get; }

    public IReadOnlyList<double> Ticks { get; }

    public bool Contains(double value) => value >= Min - 1e-9 * Math.Abs(Min) && value <= Max + 1e-9 * Math.Abs(Max) && (_scale is not (AxisScale.Log or AxisScale.Log2) || value > 0);

    public double Map(double value)
    {
        var span = _to - _from;
        var t = span > 0 ? (Transform(_scale, Math.Clamp(value, Min, Max)) - _from) / span : 0.5;
        return _pixelFrom + t * (_pixelTo - _pixelFrom);
    }

    /// <summary>
    /// An axis over <paramref name="values"/>, widened to round ticks; or, <paramref name="exact"/>, kept at the values
    /// (an x axis: time from the first to the last interval), where a y axis reads best from a round 0 to a round top.
    /// </summary>
    public static ChartAxis Fit(AxisScale scale, IReadOnlyCollection<double> values, bool fromZero, double? max, double pixelFrom, double pixelTo, bool exact = false)
    {
        var usable = values.Where(v => double.IsFinite(v) && (scale is not (AxisScale.Log or AxisScale.Log2) || v > 0)).ToArray();
        return scale switch
        {
            AxisScale.Log => LogAxis(usable, pixelFrom, pixelTo),
            AxisScale.Log2 => Log2Axis(usable, pixelFrom, pixelTo),
            AxisScale.Percentile => PercentileAxis(usable, pixelFrom, pixelTo),
            _ => LinearAxis(usable, fromZero, max, pixelFrom, pixelTo, exact),
        };
    }

    private static ChartAxis LinearAxis(double[] values, bool fromZero, double? fixedMax, double pixelFrom, double pixelTo, bool exact)
    {
        var low = values.Length > 0 ? values.Min() : 0;
        var high = values.Length > 0 ? values.Max() : 1;
        if (fromZero)
        {
            low = Math.Min(0, low);
            high = Math.Max(0, high);
        }

        if (fixedMax is { } m && m >= high)
        {
            high = m;
        }

        if (high - low <= 0)
        {
            // One value: a band around it, so that the point sits mid-plot rather than on an edge.
            var pad = Math.Abs(high) > 0 ? Math.Abs(high) * 0.5 : 1;
            low = fromZero ? Math.Min(0, low) : low - pad;
            high += pad;
        }

        var step = NiceStep((high - low) / 5);
        if (step < 1 && values.Length > 0 && values.All(v => v == Math.Round(v)))
        {
            // Whole things (cores, replicas, users): no tick at 1.5 of them.
            step = 1;
        }

        // An exact domain keeps 2% either side, so that a point on the first or last value is not cut by the frame.
        var margin = exact ? (high - low) * 0.02 : 0;
        var min = exact ? low - margin : Math.Floor(low / step + 1e-9) * step;
        var max = exact ? high + margin : fixedMax is { } f && f >= high ? f : Math.Ceiling(high / step - 1e-9) * step;
        var ticks = new List<double>();
        for (var t = Math.Ceiling(min / step - 1e-9) * step; t <= max + step * 1e-6 && ticks.Count < 12; t += step)
        {
            ticks.Add(Math.Round(t / step) * step);
        }

        return new ChartAxis(AxisScale.Linear, min, max, pixelFrom, pixelTo, ticks);
    }

    private static ChartAxis LogAxis(double[] values, double pixelFrom, double pixelTo)
    {
        var low = values.Length > 0 ? values.Min() : 1;
        var high = values.Length > 0 ? values.Max() : 10;
        var min = Math.Pow(10, Math.Floor(Math.Log10(low)));
        var max = Math.Pow(10, Math.Ceiling(Math.Log10(high)));
        if (max <= min)
        {
            max = min * 10;
        }

        var decades = (int)Math.Round(Math.Log10(max / min));
        var ticks = new List<double>();
        for (var d = 0; d <= decades; d++)
        {
            var power = min * Math.Pow(10, d);
            ticks.Add(power);
            if (decades <= 3 && d < decades)
            {
                // Few decades: 2 and 5 between the powers, so that the axis still reads.
                ticks.Add(power * 2);
                ticks.Add(power * 5);
            }
        }

        return new ChartAxis(AxisScale.Log, min, max, pixelFrom, pixelTo, ticks);
    }

    private static ChartAxis Log2Axis(double[] values, double pixelFrom, double pixelTo)
    {
        var low = values.Length > 0 ? values.Min() : 1;
        var high = values.Length > 0 ? values.Max() : 2;
        // A little room at both ends (a bar's width, a point off the frame), not a whole doubling.
        var min = low / 1.35;
        var max = Math.Max(high * 1.35, min * 2);
        var ticks = new List<double>();
        for (var power = Math.Pow(2, Math.Ceiling(Math.Log2(min))); power <= max && ticks.Count < 24; power *= 2)
        {
            ticks.Add(power);
        }

        if (ticks.Count > 10)
        {
            // Many doublings: every other one, so that the labels do not collide.
            ticks = ticks.Where((_, i) => i % 2 == 0).ToList();
        }

        return new ChartAxis(AxisScale.Log2, min, max, pixelFrom, pixelTo, ticks);
    }

    private static ChartAxis PercentileAxis(double[] values, double pixelFrom, double pixelTo)
    {
        var high = values.Length > 0 ? values.Max() : 99.9;
        double[] nines = [90, 99, 99.9, 99.99, 99.999, 99.9999];
        var max = nines.FirstOrDefault(n => n >= high - 1e-9, 99.9999);
        var ticks = new List<double> { 0 };
        ticks.AddRange(nines.Where(n => n <= max));
        return new ChartAxis(AxisScale.Percentile, 0, max, pixelFrom, pixelTo, ticks);
    }

    private static double Transform(AxisScale scale, double value) => scale switch
    {
        AxisScale.Log => Math.Log10(Math.Max(value, 1e-12)),
        AxisScale.Log2 => Math.Log2(Math.Max(value, 1e-12)),
        AxisScale.Percentile => Math.Log10(100 / Math.Max(100 - value, 1e-6)),
        _ => value,
    };

    /// <summary>1, 2 or 5 times a power of ten: ticks a reader can add up in their head.</summary>
    private static double NiceStep(double rough)
    {
        if (!(rough > 0) || !double.IsFinite(rough))
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / power;
        return power * (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10);
    }
}
