using ScaleLab.Core.Results;
using ScaleLab.Core.Text;

namespace ScaleLab.Core.Thresholds;

/// <summary>
/// Judges thresholds on a final result. A threshold that cannot be judged (an unknown request name, a statistic not
/// recorded, checks on a run without any, an asked rate in the closed model) is a mistake in the command, not a
/// failure of the target: <see cref="ProblemBefore"/> finds it before the run where it can, <see cref="Problem"/>
/// after it, and <see cref="Evaluate"/> refuses it.
/// </summary>
public static class ThresholdEvaluator
{
    /// <summary>The first threshold that <paramref name="scope"/> shows cannot be judged, as one line; null when none.</summary>
    public static string? ProblemBefore(IEnumerable<ThresholdExpression> thresholds, ThresholdScope scope)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(scope);
        foreach (var threshold in thresholds)
        {
            var problem = threshold switch
            {
                { Metric: ThresholdMetric.RateAchieved } when !scope.OpenModel =>
                    "rate-achieved is the open model's (-r): the closed model asks for no rate",
                { Metric: ThresholdMetric.Checks } when scope.HasChecks == false =>
                    "checks: this measurement has no checks (they come with expect in a request mix or a flow)",
                { Metric: ThresholdMetric.Latency } when !scope.LatencyStatistics.Contains(threshold.Statistic!) =>
                    $"{threshold.Statistic} is not recorded here; the latency statistics are {string.Join(", ", scope.LatencyStatistics)}",
                { Name: { } name } when !scope.HasNames =>
                    $"{{name:{name}}}: figures by name are not kept here; judge the totals",
                { Name: { } name } when scope.Names is { } names => UnknownName(name, names),
                _ => null,
            };
            if (problem is not null)
            {
                return $"threshold '{threshold.Text}': {problem}";
            }
        }

        return null;
    }

    /// <summary>The first threshold that cannot be judged on <paramref name="subject"/>, as one line; null when none.</summary>
    public static string? Problem(IEnumerable<ThresholdExpression> thresholds, ThresholdSubject subject)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(subject);
        foreach (var threshold in thresholds)
        {
            var figures = subject.Totals;
            string? problem = null;
            if (threshold.Name is { } name && !subject.ByName.TryGetValue(name, out figures!))
            {
                problem = UnknownName(name, subject.ByName.Keys);
            }
            else if (threshold.Metric == ThresholdMetric.Latency && !figures.LatencyMs.ContainsKey(threshold.Statistic!))
            {
                problem = $"{threshold.Statistic} was not recorded; the latency statistics are {string.Join(", ", figures.LatencyMs.Keys)}";
            }
            else if (threshold.Metric == ThresholdMetric.Checks && subject.Checks.Count == 0)
            {
                problem = "checks: the run made no checks (they come with expect in a request mix or a flow)";
            }
            else if (threshold.Metric == ThresholdMetric.RateAchieved && subject.RateAsked is null)
            {
                problem = "rate-achieved is the open model's (-r): the closed model asks for no rate";
            }

            if (problem is not null)
            {
                return $"threshold '{threshold.Text}': {problem}";
            }
        }

        return null;
    }

    /// <summary>
    /// Judges each threshold on <paramref name="subject"/>, in order. The measured value is in the threshold's
    /// unit (see <see cref="ThresholdExpression.Limit"/>), rounded as it is printed, and compared as rounded.
    /// </summary>
    /// <exception cref="ArgumentException">A threshold cannot be judged on the subject (see <see cref="Problem"/>).</exception>
    public static IReadOnlyList<ThresholdOutcome> Evaluate(IReadOnlyList<ThresholdExpression> thresholds, ThresholdSubject subject)
    {
        if (Problem(thresholds, subject) is { } problem)
        {
            throw new ArgumentException(problem, nameof(thresholds));
        }

        return [.. thresholds.Select(t =>
        {
            var actual = Actual(t, subject);
            return new ThresholdOutcome(t.Text, actual, t.Holds(actual));
        })];
    }

    /// <summary>The measured value a threshold is compared with, in its unit.</summary>
    public static double Actual(ThresholdExpression threshold, ThresholdSubject subject)
    {
        ArgumentNullException.ThrowIfNull(threshold);
        ArgumentNullException.ThrowIfNull(subject);
        var figures = threshold.Name is { } name ? subject.ByName[name] : subject.Totals;
        return threshold.Metric switch
        {
            ThresholdMetric.Latency => Math.Round(figures.LatencyMs[threshold.Statistic!], 3),
            ThresholdMetric.Errors => figures.Requests > 0 ? Math.Round(100.0 * figures.Errors / figures.Requests, 4) : 0,
            ThresholdMetric.Checks => CheckedPercentage(subject.Checks),
            ThresholdMetric.Throughput => Math.Round(figures.Throughput, 2),
            ThresholdMetric.Requests => figures.Requests,
            _ => subject.RateAsked is > 0 and var asked ? Math.Round((subject.RateAchieved ?? 0) / asked, 4) : 0,
        };
    }

    /// <summary>
    /// The share of checks that held, over every check and every response it judged; 0 when no check judged any
    /// response, so that a threshold asking for checks to pass fails when none ran.
    /// </summary>
    private static double CheckedPercentage(IReadOnlyDictionary<string, CheckStats> checks)
    {
        long passed = 0;
        long total = 0;
        foreach (var check in checks.Values)
        {
            passed += check.Passed;
            total += check.Passed + check.Failed;
        }

        return total > 0 ? Math.Round(100.0 * passed / total, 4) : 0;
    }

    private static string? UnknownName(string name, IEnumerable<string> names)
    {
        var known = names.ToArray();
        if (known.Contains(name, StringComparer.Ordinal))
        {
            return null;
        }

        if (known.Length == 0)
        {
            return $"no request is named '{name}': this run has a single request, without names (names come with a request mix or a flow)";
        }

        var hint = NearestName.Find(name, known) is { } nearest ? $" (did you mean {nearest}?)" : string.Empty;
        return $"no request is named '{name}'{hint}; the names are {string.Join(", ", known)}";
    }
}
