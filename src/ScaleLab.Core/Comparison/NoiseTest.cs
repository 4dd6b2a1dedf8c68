namespace ScaleLab.Core.Comparison;

/// <summary>The names of the tests a compare result's <c>test</c> field holds.</summary>
public static class NoiseTest
{
    /// <summary>Mann-Whitney U over repeated runs' values (benchstat's test).</summary>
    public const string RunsMannWhitney = "mann-whitney over runs";

    /// <summary>Mann-Whitney U over the per-interval series of one run each.</summary>
    public const string IntervalsMannWhitney = "mann-whitney over intervals";

    /// <summary>The order-statistic test of one percentile of the recorded histograms (<see cref="PercentileTest"/>).</summary>
    public const string HistogramPercentile = "order statistics of the histograms";

    /// <summary>Mann-Whitney U over every recorded latency of the histograms, buckets as tied ranks.</summary>
    public const string HistogramMannWhitney = "mann-whitney over the histograms";

    /// <summary>A two-proportion z test of the error rates.</summary>
    public const string Proportions = "two-proportion z";

    /// <summary>A z test from the fits' standard errors.</summary>
    public const string StandardErrors = "z from the fits' standard errors";
}
