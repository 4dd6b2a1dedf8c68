using System.Globalization;
using HdrHistogram;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;
using ScaleLab.Core.Scaling;

namespace ScaleLab.Core.Comparison;

/// <summary>The figures a result of each kind is compared on, in the order they are printed.</summary>
internal static class ResultMetrics
{
    private static readonly (string Metric, string Label, double Percentile)[] Percentiles =
        [("p50", "p50", 50), ("p90", "p90", 90), ("p99", "p99", 99), ("p999", "p99.9", 99.9)];

    /// <summary>The figures of <paramref name="result"/>; <paramref name="warnings"/> collects what could not be read.</summary>
    public static IReadOnlyList<MetricSample> Of(ResultDocument result, string name, List<string> warnings) => result switch
    {
        RunResult run => Run(run, name, warnings, suffix: string.Empty),
        DiagnoseResult diagnose => Diagnose(diagnose, name, warnings),
        FitResult fit => Usl(fit.Usl, capacity: true),
        ScaleResult scale => Scale(scale),
        _ => [],
    };

    private static List<MetricSample> Run(RunResult run, string name, List<string> warnings, string suffix)
    {
        var histogram = Histogram(run, name, warnings);
        var samples = new List<MetricSample>
        {
            new("throughput", "throughput" + suffix, "/s", run.Throughput, true, Intervals(run)),
            new("errors", "errors" + suffix, "%", run.ErrorRate * 100, false, new ProportionNoise(run.Errors, run.Requests)),
        };
        foreach (var (metric, label, percentile) in Percentiles)
        {
            var value = percentile switch
            {
                50 => run.LatencyMs.P50,
                90 => run.LatencyMs.P90,
                99 => run.LatencyMs.P99,
                _ => run.LatencyMs.P999,
            };
            samples.Add(new(metric, label + suffix, "ms", value, false,
                histogram is null ? new NoNoise("no noise estimate (no latencyHistogram)") : new PercentileNoise(histogram, percentile)));
        }

        return samples;
    }

    private static List<MetricSample> Diagnose(DiagnoseResult diagnose, string name, List<string> warnings)
    {
        // The baseline is one user: its latency is the performance side of the article; the fit is the scalability side.
        var samples = diagnose.Baseline is { } baseline ? Run(baseline, name, warnings, " (one user)") : [];
        samples.RemoveAll(s => s.Metric == "errors");
        var requests = diagnose.Steps.Sum(s => s.Requests);
        var errors = diagnose.Steps.Sum(s => s.Errors);
        if (requests > 0)
        {
            samples.Add(new("errors", "errors (all steps)", "%", errors * 100.0 / requests, false, new ProportionNoise(errors, requests)));
        }

        if (diagnose.Steps.Count > 0)
        {
            samples.Add(new("capacity", "capacity (best step)", "/s", diagnose.Steps.Max(s => s.Throughput), true, MetricNoise.None));
        }

        if (diagnose.Usl is { } usl)
        {
            samples.AddRange(Usl(usl, capacity: false));
        }

        return samples;
    }

    private static List<MetricSample> Scale(ScaleResult scale)
    {
        var samples = new List<MetricSample>();
        if (scale.Steps.Count > 0)
        {
            samples.Add(new("capacity", "capacity (best step)", "/s", scale.Steps.Max(s => s.Capacity), true, MetricNoise.None));
        }

        foreach (var step in scale.Steps)
        {
            var key = StepKey(step);
            samples.Add(new($"capacity@{key}", $"capacity, {StepLabel(step)}", "/s", step.Capacity, true, MetricNoise.None));
            samples.Add(new($"efficiency@{key}", $"efficiency, {StepLabel(step)}", string.Empty, step.Efficiency, true, MetricNoise.None));
        }

        var requests = scale.Steps.Sum(s => s.Requests);
        var errors = scale.Steps.Sum(s => s.Errors);
        if (requests > 0)
        {
            samples.Add(new("errors", "errors (at capacity)", "%", errors * 100.0 / requests, false, new ProportionNoise(errors, requests)));
        }

        if ((scale.Usl ?? FitReplicas(scale)) is { } usl)
        {
            samples.AddRange(Usl(usl, capacity: false));
        }

        return samples;
    }

    /// <summary>The USL over the replica counts when the result carries none: the series measured at the most counts, three at least.</summary>
    private static UslSection? FitReplicas(ScaleResult scale)
    {
        var series = scale.Steps.Where(s => s.Capacity > 0)
            .GroupBy(s => (s.Cpus, s.MemoryMb))
            .Select(g => g.ToArray())
            .MaxBy(g => g.Select(s => s.Replicas).Distinct().Count());
        if (series is null || series.Select(s => s.Replicas).Distinct().Count() < ScalabilityInput.MinimumPoints)
        {
            return null;
        }

        try
        {
            return UslSection.From(ScalabilityAnalyzer.Analyze([.. series.Select(s => new ScalabilityPoint(s.Replicas, s.Capacity))]).Usl);
        }
        catch (ScalabilityDataException)
        {
            return null;
        }
    }

    private static List<MetricSample> Usl(UslSection usl, bool capacity)
    {
        var samples = new List<MetricSample>
        {
            new("sigma", "σ (contention)", string.Empty, usl.Sigma, false, new EstimateNoise(usl.SigmaStdError)),
            new("kappa", "κ (coherency)", string.Empty, usl.Kappa, false, new EstimateNoise(usl.KappaStdError)),
            new("lambda", "λ (one unit)", "/s", usl.Lambda, true, new EstimateNoise(usl.LambdaStdError)),
        };
        if (usl.PeakConcurrency is { } peak)
        {
            samples.Add(new("nstar", "N* (peak)", string.Empty, peak, true, new EstimateNoise(PeakStandardError(usl, peak))));
        }

        if (capacity && (usl.PeakThroughput ?? usl.AmdahlCeiling) is { } most)
        {
            samples.Add(new("capacity", usl.PeakThroughput is null ? "capacity (Amdahl ceiling)" : "capacity (X at N*)", "/s", most, true, MetricNoise.None));
        }

        return samples;
    }

    /// <summary>
    /// The delta method on N* = √((1 − σ)/κ), ignoring the covariance of σ and κ (the result does not carry it):
    /// ∂N*/∂σ = −1/(2κN*), ∂N*/∂κ = −N*/(2κ).
    /// </summary>
    private static double? PeakStandardError(UslSection usl, double peak)
    {
        if (usl.SigmaStdError is not { } sigmaError || usl.KappaStdError is not { } kappaError || !(usl.Kappa > 0))
        {
            return null;
        }

        var bySigma = sigmaError / (2 * usl.Kappa * peak);
        var byKappa = kappaError * peak / (2 * usl.Kappa);
        var error = Math.Sqrt(bySigma * bySigma + byKappa * byKappa);
        return double.IsFinite(error) ? error : null;
    }

    private static MetricNoise Intervals(RunResult run)
    {
        // Whole intervals only: the last is often a fraction of one, and its rate is noisier.
        var whole = run.Intervals.Where(i => i.DurationSeconds > 0).ToArray();
        if (whole.Length == 0)
        {
            return new NoNoise("no noise estimate (no intervals)");
        }

        var typical = whole.Select(i => i.DurationSeconds).Order().ElementAt(whole.Length / 2);
        var series = whole.Where(i => i.DurationSeconds >= typical * 0.9).Select(i => i.Throughput).ToArray();
        return series.Length >= 3 ? new SeriesNoise(series) : new NoNoise("no noise estimate (fewer than 3 intervals)");
    }

    private static HistogramBase? Histogram(RunResult run, string name, List<string> warnings)
    {
        if (run.LatencyHistogram is not { } encoded)
        {
            return null;
        }

        try
        {
            return LatencyHistogramCodec.Decode(encoded);
        }
        catch (FormatException ex)
        {
            warnings.Add($"{name}: {ex.Message}; its latency has no noise estimate");
            return null;
        }
    }

    private static string StepKey(ScaleStep step) =>
        step.Replicas.ToString(CultureInfo.InvariantCulture)
        + (step.Cpus is { } cpus ? string.Create(CultureInfo.InvariantCulture, $"x{cpus}cpu") : string.Empty)
        + (step.MemoryMb is { } memory ? string.Create(CultureInfo.InvariantCulture, $"x{memory}mb") : string.Empty);

    private static string StepLabel(ScaleStep step) =>
        (step.Replicas == 1 ? "1 replica" : string.Create(CultureInfo.InvariantCulture, $"{step.Replicas} replicas"))
        + (step.Cpus is { } cpus ? string.Create(CultureInfo.InvariantCulture, $" × {cpus} CPU") : string.Empty)
        + (step.MemoryMb is { } memory ? string.Create(CultureInfo.InvariantCulture, $" × {memory} MiB") : string.Empty);
}
