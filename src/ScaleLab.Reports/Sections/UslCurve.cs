using ScaleLab.Core.Scalability;
using ScaleLab.Reports.Charts;
using ScaleLab.Reports.Text;

namespace ScaleLab.Reports.Sections;

/// <summary>
/// The fitted Universal Scalability Law drawn over its measurements: the curve, its confidence band, the linear
/// ideal λN, Amdahl's ceiling λ/σ and the peak N*. The JSON carries the coefficients but not their covariance, so the
/// band comes from refitting the same points with Core's fitter; it is drawn only when that refit reproduces the
/// written coefficients (the same points were fitted), never from a guess.
/// </summary>
internal static class UslCurve
{
    private const int Samples = 80;

    /// <param name="title">The chart's title.</param>
    /// <param name="xLabel">What N is (users, replicas).</param>
    /// <param name="measured">The measured (N, X) points in the order measured.</param>
    /// <param name="usl">The written fit; null when there was none (fewer than three loads).</param>
    /// <param name="label">A tooltip label for each measured point; null for the default.</param>
    public static Chart Of(string title, string xLabel, IReadOnlyList<ScalabilityPoint> measured, UslSection? usl, Func<int, string?>? label = null)
    {
        var series = new List<ChartSeries>
        {
            new("measured", SeriesKind.Points, measured.Select((p, i) => new ChartPoint(p.N, p.Throughput, Label: label?.Invoke(i))).ToArray()) { Color = 0, Unit = "req/s" },
        };
        var xMarkers = new List<ChartMarker>();
        var yMarkers = new List<ChartMarker>();
        string? caption = null;
        if (usl is not null && measured.Count > 0)
        {
            var model = new UslModel(usl.Sigma, usl.Kappa, usl.Lambda);
            var maxN = Math.Max(measured.Max(p => p.N), 1);
            var peak = usl.PeakConcurrency;
            // Draw past the data to the peak when it is near, so that the fall after N* shows.
            var end = peak is { } n && n > maxN && n <= 2 * maxN ? Math.Min(n * 1.25, 2 * maxN) : maxN;
            var start = Math.Min(1, measured.Min(p => p.N));
            var xs = Enumerable.Range(0, Samples + 1)
                .Select(i => ScaleFor(measured.Select(p => p.N)) == AxisScale.Log2
                    ? start * Math.Pow(end / start, i / (double)Samples)
                    : start + (end - start) * i / Samples)
                .ToArray();
            var fit = Refit(measured, usl);
            if (fit is not null)
            {
                var band = xs.Select(x => (x, fit.Predict(x).ThroughputInterval)).Where(b => b.ThroughputInterval is not null)
                    .Select(b => new ChartPoint(b.x, b.ThroughputInterval!.Value.Lower, b.ThroughputInterval.Value.Upper)).ToArray();
                if (band.Length > 1)
                {
                    series.Add(new ChartSeries($"{Figures.Percent(usl.ConfidenceLevel)} confidence band", SeriesKind.Band, band) { Color = 1 });
                }
            }

            series.Add(new ChartSeries($"USL fit (σ {Figures.Number(usl.Sigma)}, κ {Figures.Number(usl.Kappa)})", SeriesKind.Line, xs.Select(x => new ChartPoint(x, model.Throughput(x))).ToArray())
            {
                Color = 1,
                Unit = "req/s",
            });
            // The ideal stops a little above the highest curve: drawn to the last N it would dwarf every measurement.
            var top = 1.6 * Math.Max(measured.Max(p => p.Throughput), xs.Max(model.Throughput));
            var idealEnd = Math.Max(start, Math.Min(end, top / usl.Lambda));
            series.Add(new ChartSeries("linear ideal λN", SeriesKind.Line, [new ChartPoint(start, usl.Lambda * start), new ChartPoint(idealEnd, usl.Lambda * idealEnd)])
            {
                Color = 7,
                Dashed = true,
                Unit = "req/s",
            });
            if (usl.AmdahlCeiling is { } ceiling)
            {
                yMarkers.Add(new ChartMarker(ceiling, $"Amdahl ceiling λ/σ {Figures.Number(ceiling)}/s") { Color = 2 });
            }

            if (peak is { } nStar)
            {
                xMarkers.Add(new ChartMarker(nStar, $"N* {Figures.Number(nStar)}") { Color = 3 });
            }

            caption = fit is null ? "No confidence band: the fit has no degrees of freedom, or its points are not all in the file." : null;
        }
        else if (measured.Count > 0)
        {
            // No fit (fewer than three loads): the measurements joined, against the ideal from the first of them.
            var first = measured[0];
            var end = measured.Max(p => p.N);
            series[0] = series[0] with { Kind = SeriesKind.Line, Points = [.. series[0].Points.OrderBy(p => p.X)] };
            series.Add(new ChartSeries("linear ideal", SeriesKind.Line, [new ChartPoint(first.N, first.Throughput), new ChartPoint(end, first.Throughput * end / first.N)])
            {
                Color = 7,
                Dashed = true,
                Unit = "req/s",
            });
            caption = "No fit: it takes three loads or more.";
        }

        return new Chart(title, xLabel, "throughput (req/s)", series)
        {
            XScale = ScaleFor(measured.Select(p => p.N)),
            XMarkers = xMarkers,
            YMarkers = yMarkers,
            Caption = caption,
        };
    }

    /// <summary>Loads that grow by factors (1, 2, 4, … 64) read best on a doubling axis; evenly spaced or few loads on a plain one.</summary>
    internal static AxisScale ScaleFor(IEnumerable<double> loads)
    {
        var all = loads.Where(double.IsFinite).Distinct().Order().ToArray();
        var geometric = all.Zip(all.Skip(1), (a, b) => b / a).All(ratio => ratio >= 1.5);
        return all.Length >= 3 && all[0] >= 1 && all[^1] / all[0] >= 8 && geometric ? AxisScale.Log2 : AxisScale.Linear;
    }

    /// <summary>
    /// Core's fit of the longest run of the points (from the first) that reproduces <paramref name="usl"/>: a
    /// diagnosis fits the steps up to the one that stopped its ramp, not the steps after it.
    /// </summary>
    internal static UslFit? Refit(IReadOnlyList<ScalabilityPoint> measured, UslSection usl)
    {
        for (var count = measured.Count; count >= 3; count--)
        {
            var points = measured.Take(count).ToArray();
            if (points.Select(p => p.N).Distinct().Count() < 3)
            {
                break;
            }

            try
            {
                var fit = UslFitter.Fit(points);
                if (Same(fit.Model.Sigma, usl.Sigma) && Same(fit.Model.Kappa, usl.Kappa) && Same(fit.Model.Lambda, usl.Lambda))
                {
                    return fit.DegreesOfFreedom > 0 ? fit : null;
                }
            }
            catch (ScalabilityDataException)
            {
                // Not fittable on this prefix: try a shorter one.
            }
        }

        return null;
    }

    private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-6 + 1e-4 * Math.Max(Math.Abs(a), Math.Abs(b));
}
