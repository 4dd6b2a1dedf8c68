namespace ScaleLab.Core.Comparison;

/// <summary>
/// The seed's performance path as one line: the speed for one user (p99), then the scalability (N*), each with
/// what its change means: "p99 1,000 ms → 300 ms (−70%, p &lt; 0.001): a performance fix; N* unchanged: scalability unchanged".
/// </summary>
internal static class ComparisonSummary
{
    public static string Line(string kind, IReadOnlyList<MetricChange> metrics)
    {
        var performance = Performance(kind, metrics) is { } p ? Part(p, "performance") : "performance not measured";
        var scalability = Scalability(metrics) is { } s
            ? Part(s, "scalability")
            : "scalability not measured (compare diagnose or scale results for N*)";
        return performance + "; " + scalability;
    }

    private static MetricChange? Performance(string kind, IReadOnlyList<MetricChange> metrics) => kind switch
    {
        "scale" => Both(metrics.FirstOrDefault(m => m.Metric.StartsWith("capacity@", StringComparison.Ordinal))),
        "fit" => Both(metrics.FirstOrDefault(m => m.Metric == "lambda")),
        _ => Both(metrics.FirstOrDefault(m => m.Metric == "p99")),
    };

    /// <summary>N* when both sides have a peak; κ when only one does (a peak appeared or went); σ otherwise.</summary>
    private static MetricChange? Scalability(IReadOnlyList<MetricChange> metrics) =>
        Both(metrics.FirstOrDefault(m => m.Metric == "nstar"))
        ?? (metrics.Any(m => m.Metric == "nstar") ? Both(metrics.FirstOrDefault(m => m.Metric == "kappa")) : null)
        ?? Both(metrics.FirstOrDefault(m => m.Metric == "sigma"));

    private static MetricChange? Both(MetricChange? change) => change is { Before: not null, After: not null } ? change : null;

    private static string Part(MetricChange change, string aspect)
    {
        var name = Name(change);
        if (change.BeyondNoise == false || change.Change == 0)
        {
            return $"{name} unchanged: {aspect} unchanged";
        }

        var values = $"{name} {ComparisonText.Value(change.Before, change.Unit)} \u2192 {ComparisonText.Value(change.After, change.Unit)}";
        var better = change.Change > 0 == change.HigherIsBetter;
        if (change.BeyondNoise is null)
        {
            var direction = aspect == "performance" ? (better ? "faster" : "slower") : (better ? "more scalable" : "less scalable");
            return $"{values} ({ComparisonText.Change(change)}, no noise estimate): {direction}, not tested against noise";
        }

        var meaning = (aspect, better) switch
        {
            ("performance", true) => "a performance fix",
            ("performance", false) => "a performance regression",
            (_, true) => "scalability improved",
            _ => "a scalability regression",
        };
        if (change.Metric is "sigma" or "kappa")
        {
            meaning += (change.Metric, better) switch
            {
                ("sigma", true) => " (less contention)",
                ("sigma", false) => " (more contention)",
                (_, true) => " (less coherency cost)",
                _ => " (more coherency cost)",
            };
        }

        return $"{values} ({ComparisonText.Change(change)}, {ComparisonText.PValue(change.PValue ?? 1)}): {meaning}";
    }

    private static string Name(MetricChange change) => change.Metric switch
    {
        "nstar" => "N*",
        "sigma" => "σ",
        "kappa" => "κ",
        "lambda" => "λ",
        _ => change.Label,
    };
}
