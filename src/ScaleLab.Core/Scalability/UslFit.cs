namespace ScaleLab.Core.Scalability;

/// <summary>
/// A bounded least-squares fit of the Universal Scalability Law, or of one of its special cases
/// (<see cref="ScalabilityModelKind.Amdahl"/>: κ = 0; <see cref="ScalabilityModelKind.Linear"/>: σ = κ = 0),
/// with the statistics R's <c>nls</c> reports and what the coefficients mean for capacity.
/// </summary>
/// <remarks>Made by <see cref="UslFitter"/>; immutable.</remarks>
public sealed record UslFit
{
    /// <summary>Which member of the family was fitted.</summary>
    public required ScalabilityModelKind Kind { get; init; }

    /// <summary>The fitted coefficients as a model to evaluate.</summary>
    public required UslModel Model { get; init; }

    /// <summary>Contention σ.</summary>
    public required ParameterEstimate Sigma { get; init; }

    /// <summary>Coherency κ.</summary>
    public required ParameterEstimate Kappa { get; init; }

    /// <summary>Throughput of one unit of load, λ.</summary>
    public required ParameterEstimate Lambda { get; init; }

    /// <summary>The names ("sigma", "kappa") of the estimated coefficients that sit on a bound of their range.</summary>
    public required IReadOnlyList<string> AtBound { get; init; }

    /// <summary>The number of measurements fitted.</summary>
    public required int PointCount { get; init; }

    /// <summary>The number of estimated coefficients: 3 for the USL, 2 for Amdahl, 1 for linear.</summary>
    public required int ParameterCount { get; init; }

    /// <summary>Residual degrees of freedom, points minus coefficients.</summary>
    public int DegreesOfFreedom => PointCount - ParameterCount;

    /// <summary>Σ(Xᵢ − X̂ᵢ)².</summary>
    public required double ResidualSumOfSquares { get; init; }

    /// <summary>√(RSS / df), in throughput units; null without degrees of freedom.</summary>
    public required double? ResidualStandardError { get; init; }

    /// <summary>1 − RSS/TSS (TSS about the mean throughput). 1 for a perfect fit, can be negative for a poor one.</summary>
    public required double RSquared { get; init; }

    /// <summary>R² adjusted for the number of coefficients; null without degrees of freedom.</summary>
    public required double? AdjustedRSquared { get; init; }

    /// <summary>Akaike's information criterion, n·ln(RSS/n) + 2(p + 1), counting the residual variance as a parameter.</summary>
    public required double Aic { get; init; }

    /// <summary>AIC with the small-sample correction 2k(k + 1)/(n − k − 1); null when n − k − 1 ≤ 0.</summary>
    public required double? Aicc { get; init; }

    /// <summary>The confidence level of every interval in this fit, e.g. 0.95.</summary>
    public required double ConfidenceLevel { get; init; }

    /// <summary>The smallest measured N.</summary>
    public required double MinMeasuredN { get; init; }

    /// <summary>The largest measured N: predictions past twice this are extrapolations.</summary>
    public required double MaxMeasuredN { get; init; }

    /// <summary>The load of peak throughput N* = √((1 − σ)/κ); null when κ = 0 (no peak).</summary>
    public double? PeakConcurrency => Model.PeakConcurrency;

    /// <summary>⌊N*⌋, the largest whole load not past the peak; null when there is no peak.</summary>
    public double? PeakConcurrencyFloor => Model.PeakConcurrency is { } peak ? Math.Floor(peak) : null;

    /// <summary>X(N*), the most throughput the system gives; null when there is no peak.</summary>
    public double? PeakThroughput => Model.PeakThroughput;

    /// <summary>Amdahl's ceiling λ/σ; null when σ = 0.</summary>
    public double? AmdahlCeiling => Model.AmdahlCeiling;

    /// <summary>The covariance of (σ, κ, λ), zero for fixed coefficients; null without degrees of freedom.</summary>
    internal double[,]? Covariance { get; init; }

    /// <summary>The Student t quantile for <see cref="ConfidenceLevel"/> and <see cref="DegreesOfFreedom"/>.</summary>
    internal double? TQuantile { get; init; }

    /// <summary>Predicts throughput and latency at <paramref name="n"/> with a confidence band.</summary>
    public FitPrediction Predict(double n)
    {
        if (!(n > 0) || !double.IsFinite(n))
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "N must be a positive finite number");
        }

        var throughput = Model.Throughput(n);
        ConfidenceInterval? throughputBand = null;
        ConfidenceInterval? latencyBand = null;
        if (Covariance is { } covariance && TQuantile is { } t)
        {
            var d = Model.Denominator(n);
            var x = Model.Lambda * n / (d * d);
            ReadOnlySpan<double> gradient = [-x * (n - 1), -x * n * (n - 1), n / d];
            double variance = 0;
            for (var i = 0; i < 3; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    variance += gradient[i] * covariance[i, j] * gradient[j];
                }
            }

            var halfWidth = t * Math.Sqrt(Math.Max(0, variance));
            if (double.IsFinite(halfWidth))
            {
                var lower = Math.Max(0, throughput - halfWidth);
                var upper = throughput + halfWidth;
                throughputBand = new ConfidenceInterval(lower, upper);
                if (lower > 0)
                {
                    latencyBand = new ConfidenceInterval(1000 * n / upper, 1000 * n / lower);
                }
            }
        }

        var extrapolated = n > 2 * MaxMeasuredN;
        return new FitPrediction(
            n,
            throughput,
            throughputBand,
            1000 * Model.LatencySeconds(n),
            latencyBand,
            extrapolated,
            extrapolated ? FitWarnings.Extrapolation(n, MaxMeasuredN) : null);
    }

    /// <summary>
    /// The largest load and throughput that keep R(N) = N / X(N) at or under <paramref name="target"/>
    /// (throughput taken per second).
    /// </summary>
    public LatencyTargetCapacity AtLatencyTarget(TimeSpan target)
    {
        var targetMs = target.TotalMilliseconds;
        var limit = Model.ConcurrencyAtLatency(target.TotalSeconds);
        if (limit is null)
        {
            return new LatencyTargetCapacity(targetMs, false, false, null, null, null, null, false, null, null);
        }

        if (double.IsPositiveInfinity(limit.Value))
        {
            return new LatencyTargetCapacity(targetMs, true, true, null, null, null, null, false, null, null);
        }

        var maxN = limit.Value;
        var floor = Math.Max(1, Math.Floor(maxN));
        var peak = Model.PeakConcurrency;
        var beyondPeak = peak is { } p && maxN > p;
        var best = floor;
        if (beyondPeak)
        {
            // The best whole load is ⌊N*⌋ or ⌈N*⌉, whichever gives more, and not past the limit.
            var below = Math.Max(1, Math.Floor(peak!.Value));
            var above = Math.Min(floor, Math.Ceiling(peak.Value));
            best = Model.Throughput(above) > Model.Throughput(below) ? above : below;
        }

        return new LatencyTargetCapacity(
            targetMs,
            true,
            false,
            maxN,
            floor,
            Model.Throughput(floor),
            1000 * Model.LatencySeconds(floor),
            beyondPeak,
            best,
            Model.Throughput(best));
    }
}
