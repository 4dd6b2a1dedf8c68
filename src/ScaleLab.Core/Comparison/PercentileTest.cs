using HdrHistogram;
using MathNet.Numerics.Distributions;

namespace ScaleLab.Core.Comparison;

/// <summary>
/// Whether one latency percentile differs between two recorded histograms, beyond sampling noise: each
/// percentile's standard error comes from its order statistics (the sample p-quantile sits at rank pN, give or
/// take √(Np(1 − p)) ranks; the values at those ranks bound it) plus the histogram's 0.1% bucket width, and the
/// difference is tested against both errors with a normal z test.
/// </summary>
/// <remarks>
/// Distribution-free (it assumes no shape), exact in its ranks, and as fast as two percentile look-ups; no
/// resampling, so the same histograms always give the same p-value. It assumes the recorded latencies are
/// independent draws, which requests of one run are not quite (a stall slows its neighbours): the p-values are
/// then somewhat optimistic, which is why repeated runs, tested across runs, are the stronger evidence.
/// </remarks>
public static class PercentileTest
{
    /// <summary>The relative resolution of ScaleLab's histograms (three significant digits).</summary>
    private const double Resolution = 0.001;

    /// <summary>Tests the <paramref name="percentile"/> (0 to 100, exclusive) of two microsecond histograms.</summary>
    /// <returns>The two-sided p-value; 1 when either histogram is empty.</returns>
    public static double PValue(HistogramBase before, HistogramBase after, double percentile)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (!(percentile > 0 && percentile < 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "a percentile lies strictly between 0 and 100");
        }

        if (before.TotalCount == 0 || after.TotalCount == 0)
        {
            return 1;
        }

        var difference = after.GetValueAtPercentile(percentile) - (double)before.GetValueAtPercentile(percentile);
        var error = Math.Sqrt(Variance(before, percentile) + Variance(after, percentile));
        if (difference == 0)
        {
            return 1;
        }

        if (!(error > 0))
        {
            return 0;
        }

        var z = Math.Abs(difference) / error;
        return Math.Min(1, 2 * (1 - Normal.CDF(0, 1, z)));
    }

    /// <summary>The squared standard error of the percentile: order-statistic spread plus bucket quantisation.</summary>
    private static double Variance(HistogramBase histogram, double percentile)
    {
        const double z95 = 1.959963984540054;
        var n = (double)histogram.TotalCount;
        var q = percentile / 100;
        var spread = z95 * Math.Sqrt(n * q * (1 - q));
        var lowerRank = Math.Max(0, n * q - spread);
        var upperRank = Math.Min(n, n * q + spread);
        double lower = histogram.GetValueAtPercentile(100 * lowerRank / n);
        double upper = histogram.GetValueAtPercentile(100 * upperRank / n);
        var standardError = (upper - lower) / (2 * z95);
        // A value known only to its bucket is uniform across a width of about 0.1% of it: variance width²/12.
        var bucket = Resolution * histogram.GetValueAtPercentile(percentile);
        return standardError * standardError + bucket * bucket / 12;
    }
}
