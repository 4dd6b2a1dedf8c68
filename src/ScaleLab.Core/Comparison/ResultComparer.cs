using HdrHistogram;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Results;

namespace ScaleLab.Core.Comparison;

/// <summary>
/// Compares results of one kind, before and after, figure by figure, as benchstat compares benchmarks: the change,
/// and whether it is beyond noise. One file a side: latency from the recorded histograms, throughput from the
/// per-interval series, errors as proportions, fitted coefficients from their standard errors. Several files a side
/// (repeated runs): Mann-Whitney U over the runs' values, for every figure.
/// </summary>
public static class ResultComparer
{
    /// <summary>The significance level unless told otherwise, benchstat's.</summary>
    public const double DefaultAlpha = 0.05;

    /// <summary>Compares <paramref name="before"/> with <paramref name="after"/>.</summary>
    /// <param name="before">One or more results, each with the name it is reported under (its file).</param>
    /// <param name="after">One or more results of the same kind.</param>
    /// <param name="alpha">A change with p below this is beyond noise.</param>
    /// <exception cref="ComparisonException">A side is empty, or the results are of different kinds or of a kind that is not compared.</exception>
    public static Comparison Compare(
        IReadOnlyList<(string Name, ResultDocument Result)> before,
        IReadOnlyList<(string Name, ResultDocument Result)> after,
        double alpha = DefaultAlpha)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Count == 0 || after.Count == 0)
        {
            throw new ComparisonException("give at least one result before and one after");
        }

        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha lies strictly between 0 and 1");
        }

        var kind = before[0].Result.Kind;
        foreach (var (name, result) in before.Concat(after))
        {
            if (result.Kind != kind)
            {
                throw new ComparisonException($"{name} is a {result.Kind} result and {before[0].Name} a {kind} result: compare results of one kind");
            }

            if (result is not (RunResult or DiagnoseResult or ScaleLab.Core.Scalability.FitResult or ScaleLab.Core.Scaling.ScaleResult))
            {
                throw new ComparisonException($"{name}: {kind} results are not compared (run, diagnose, scale and fit are)");
            }
        }

        var warnings = new List<string>();
        var beforeSamples = before.Select(b => ResultMetrics.Of(b.Result, b.Name, warnings)).ToArray();
        var afterSamples = after.Select(a => ResultMetrics.Of(a.Result, a.Name, warnings)).ToArray();
        var repeated = before.Count > 1 || after.Count > 1;
        var metrics = new List<MetricChange>();
        var order = beforeSamples.Concat(afterSamples).SelectMany(s => s).Select(s => s.Metric).Distinct().ToArray();
        foreach (var metric in order)
        {
            var b = beforeSamples.Select(s => s.FirstOrDefault(m => m.Metric == metric)).OfType<MetricSample>().ToArray();
            var a = afterSamples.Select(s => s.FirstOrDefault(m => m.Metric == metric)).OfType<MetricSample>().ToArray();
            metrics.Add(repeated ? AcrossRuns(b, a, alpha) : Single(b.FirstOrDefault(), a.FirstOrDefault(), alpha));
            if (!repeated && metric == "p999" && Distribution(before[0], after[0], alpha) is { } distribution)
            {
                metrics.Add(distribution);
            }
        }

        if (repeated)
        {
            var least = MannWhitney.SmallestPValue(before.Count, after.Count);
            if (least >= alpha)
            {
                warnings.Add($"{before.Count} run{(before.Count == 1 ? string.Empty : "s")} against {after.Count} cannot show any change at p < {alpha:0.###} (the least p they can give is {least:0.###}): repeat each side at least {RunsNeeded(alpha)} times");
            }
        }

        return new Comparison(kind, alpha, metrics, ComparisonSummary.Line(kind, metrics), warnings);
    }

    private static int RunsNeeded(double alpha)
    {
        for (var n = 2; n < MannWhitney.ExactLimit; n++)
        {
            if (MannWhitney.SmallestPValue(n, n) < alpha)
            {
                return n;
            }
        }

        return MannWhitney.ExactLimit;
    }

    private static MetricChange Single(MetricSample? before, MetricSample? after, double alpha)
    {
        var shape = before ?? after!;
        var change = Change(shape, before?.Value, after?.Value);
        if (before is null || after is null)
        {
            return change with { Note = $"only the {(before is null ? "after" : "before")} result has it" };
        }

        var (p, test, note) = (before.Noise, after.Noise) switch
        {
            (PercentileNoise { Histogram: { } hb } pb, PercentileNoise { Histogram: { } ha }) =>
                (PercentileTest.PValue(hb, ha, pb.Percentile), NoiseTest.HistogramPercentile, (string?)null),
            (SeriesNoise sb, SeriesNoise sa) =>
                (MannWhitney.Test(sb.Values, sa.Values).PValue, NoiseTest.IntervalsMannWhitney, null),
            (ProportionNoise eb, ProportionNoise ea) =>
                (ProportionTest.PValue(eb.Failures, eb.Trials, ea.Failures, ea.Trials), NoiseTest.Proportions, null),
            (EstimateNoise { StandardError: { } sb }, EstimateNoise { StandardError: { } sa }) =>
                (StandardErrorTest(before.Value, sb, after.Value, sa), NoiseTest.StandardErrors, null),
            (EstimateNoise, EstimateNoise) => ((double?)null, (string?)null, "no noise estimate (no standard errors: too few points)"),
            (PercentileNoise, PercentileNoise) => (null, null, "no noise estimate (no latencyHistogram)"),
            (NoNoise reason, _) => (null, null, reason.Reason),
            (_, NoNoise reason) => (null, null, reason.Reason),
            _ => (null, null, ((NoNoise)MetricNoise.None).Reason),
        };
        return change with { PValue = p is { } v ? Round(v) : null, Test = test, BeyondNoise = p is { } q ? q < alpha : null, Note = note };
    }

    private static MetricChange AcrossRuns(MetricSample[] before, MetricSample[] after, double alpha)
    {
        var shape = before.FirstOrDefault() ?? after[0];
        var change = Change(shape, Median(before), Median(after));
        if (before.Length == 0 || after.Length == 0)
        {
            return change with { Note = $"only the {(before.Length == 0 ? "after" : "before")} results have it" };
        }

        var test = MannWhitney.Test(before.Select(s => s.Value).ToArray(), after.Select(s => s.Value).ToArray());
        return change with { PValue = Round(test.PValue), Test = NoiseTest.RunsMannWhitney, BeyondNoise = test.PValue < alpha };
    }

    /// <summary>The whole latency distribution, before against after: Mann-Whitney over every recorded value.</summary>
    private static MetricChange? Distribution((string Name, ResultDocument Result) before, (string Name, ResultDocument Result) after, double alpha)
    {
        static RunResult? RunOf(ResultDocument result) => result switch
        {
            RunResult run => run,
            DiagnoseResult diagnose => diagnose.Baseline,
            _ => null,
        };

        if (RunOf(before.Result) is not { LatencyHistogram: { } eb } rb || RunOf(after.Result) is not { LatencyHistogram: { } ea } ra)
        {
            return null;
        }

        HistogramBase hb, ha;
        try
        {
            (hb, ha) = (LatencyHistogramCodec.Decode(eb), LatencyHistogramCodec.Decode(ea));
        }
        catch (FormatException)
        {
            return null;
        }

        if (hb.TotalCount == 0 || ha.TotalCount == 0)
        {
            return null;
        }

        var test = MannWhitney.Test(Buckets(hb), Buckets(ha));
        var shape = new MetricSample("latency", before.Result is DiagnoseResult ? "mean latency (one user)" : "mean latency", "ms", rb.LatencyMs.Mean, false, MetricNoise.None);
        return Change(shape, rb.LatencyMs.Mean, ra.LatencyMs.Mean) with
        {
            PValue = Round(test.PValue),
            Test = NoiseTest.HistogramMannWhitney,
            BeyondNoise = test.PValue < alpha,
        };
    }

    private static WeightedValue[] Buckets(HistogramBase histogram) =>
        histogram.RecordedValues().Select(v => new WeightedValue(histogram.LowestEquivalentValue(v.ValueIteratedTo), v.CountAtValueIteratedTo)).ToArray();

    private static MetricChange Change(MetricSample shape, double? before, double? after)
    {
        double? change = before is { } b && after is { } a ? a - b : null;
        double? relative = before is { } b2 && after is { } a2 && b2 != 0 ? a2 / b2 - 1 : null;
        return new MetricChange
        {
            Metric = shape.Metric,
            Label = shape.Label,
            Unit = shape.Unit,
            Before = before,
            After = after,
            Change = change,
            RelativeChange = relative,
            HigherIsBetter = shape.HigherIsBetter,
        };
    }

    private static double StandardErrorTest(double before, double beforeError, double after, double afterError)
    {
        var error = Math.Sqrt(beforeError * beforeError + afterError * afterError);
        if (after == before)
        {
            return 1;
        }

        if (!(error > 0))
        {
            return 0;
        }

        return Math.Min(1, 2 * (1 - MathNet.Numerics.Distributions.Normal.CDF(0, 1, Math.Abs(after - before) / error)));
    }

    private static double? Median(MetricSample[] samples)
    {
        if (samples.Length == 0)
        {
            return null;
        }

        var sorted = samples.Select(s => s.Value).Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    // Six significant digits are plenty for a p-value and keep the JSON readable.
    private static double Round(double p) => p == 0 ? 0 : Math.Round(p, Math.Clamp(6 - (int)Math.Floor(Math.Log10(p)), 6, 15));
}
