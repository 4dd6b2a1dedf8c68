using HdrHistogram;

namespace ScaleLab.Core.Comparison;

/// <summary>One figure of one result file, with what its noise can be judged from when there is one file a side.</summary>
/// <param name="Metric">The name <c>--fail-if</c> takes.</param>
/// <param name="Label">The name as printed.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Value">The value.</param>
/// <param name="HigherIsBetter">True when more is better.</param>
/// <param name="Noise">Where its noise can be estimated from.</param>
internal sealed record MetricSample(string Metric, string Label, string Unit, double Value, bool HigherIsBetter, MetricNoise Noise);

/// <summary>What a single result holds about a figure's noise.</summary>
internal abstract record MetricNoise
{
    /// <summary>Nothing: the figure is one number (a capacity found by bisection, a step's throughput).</summary>
    public static MetricNoise None { get; } = new NoNoise("no noise estimate (one number a side)");
}

/// <summary>No noise estimate, and why.</summary>
internal sealed record NoNoise(string Reason) : MetricNoise;

/// <summary>A percentile of a recorded latency histogram (microseconds); null histogram when the result has none.</summary>
internal sealed record PercentileNoise(HistogramBase? Histogram, double Percentile) : MetricNoise;

/// <summary>A series of independent-ish measurements of the figure (per-interval throughput).</summary>
internal sealed record SeriesNoise(IReadOnlyList<double> Values) : MetricNoise;

/// <summary>A share of failures: errors of requests.</summary>
internal sealed record ProportionNoise(long Failures, long Trials) : MetricNoise;

/// <summary>A fitted coefficient with its standard error; null when the fit had none.</summary>
internal sealed record EstimateNoise(double? StandardError) : MetricNoise;
