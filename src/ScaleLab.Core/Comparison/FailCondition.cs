using System.Globalization;
using System.Text.RegularExpressions;

namespace ScaleLab.Core.Comparison;

/// <summary>
/// A regression gate (<c>--fail-if</c>): a figure, a direction and a change, relative (<c>p99&gt;+10%</c>,
/// <c>capacity&lt;-5%</c>) or absolute (<c>sigma&gt;+0.05</c>, <c>errors&gt;+0.5</c> percentage points).
/// </summary>
/// <remarks>
/// It holds when the change passes the bound and is not within noise: a change printed <c>~</c> never fails a
/// build, as benchstat users expect; a change with no noise estimate (one scale result a side) is judged on the
/// change alone, and the outcome says so.
/// </remarks>
/// <param name="Expression">The condition as written.</param>
/// <param name="Metric">The figure: one of <see cref="Metrics"/>.</param>
/// <param name="Above">True for <c>&gt;</c>, false for <c>&lt;</c>.</param>
/// <param name="Bound">The change bound: a fraction when <paramref name="Relative"/> (0.1 for 10%), else in the figure's unit.</param>
/// <param name="Relative">True when the bound is a percentage of the value before.</param>
public sealed partial record FailCondition(string Expression, string Metric, bool Above, double Bound, bool Relative)
{
    /// <summary>The figures a condition may name.</summary>
    public static IReadOnlyList<string> Metrics { get; } =
        ["throughput", "capacity", "errors", "p50", "p90", "p99", "p999", "latency", "sigma", "kappa", "lambda", "nstar"];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["p99.9"] = "p999",
        ["n*"] = "nstar",
        ["σ"] = "sigma",
        ["κ"] = "kappa",
        ["rps"] = "throughput",
        ["mean"] = "latency",
    };

    /// <summary>Parses <c>METRIC&gt;+N%</c>, <c>METRIC&lt;-N%</c> or an absolute <c>METRIC&gt;+N</c>.</summary>
    /// <exception cref="FormatException">The condition is malformed or names an unknown figure; the message says which and suggests.</exception>
    public static FailCondition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Shape().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a condition; write a figure, > or <, and a change: p99>+10%, capacity<-5%, sigma>+0.05");
        }

        var name = match.Groups["metric"].Value.ToLowerInvariant();
        var metric = Aliases.GetValueOrDefault(name, name);
        if (!Metrics.Contains(metric))
        {
            var suggestion = Text.NearestName.Find(name, Metrics.Concat(Aliases.Keys));
            throw new FormatException($"'{text}': no figure '{name}'" + (suggestion is null ? string.Empty : $" (did you mean {suggestion}?)") + $"; figures: {string.Join(", ", Metrics)}");
        }

        var bound = double.Parse(match.Groups["amount"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var relative = match.Groups["percent"].Success;
        return new FailCondition(text.Trim(), metric, match.Groups["op"].Value == ">", relative ? bound / 100 : bound, relative);
    }

    /// <summary>Judges the condition on <paramref name="comparison"/>; null when the results lack the figure.</summary>
    public FailOutcome? Judge(Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        if (comparison.Find(Metric) is not { Change: { } change } figure)
        {
            return null;
        }

        double? value = Relative
            ? figure.RelativeChange ?? (figure.Before == 0 && change != 0 ? Math.Sign(change) * double.PositiveInfinity : null)
            : change;
        var passes = value is { } v && (Above ? v > Bound : v < Bound);
        var holds = passes && figure.BeyondNoise != false;
        var note = !passes ? null
            : figure.BeyondNoise == false ? "within noise (~): not a failure"
            : figure.BeyondNoise is null ? "no noise estimate: judged on the change alone"
            : null;
        return new FailOutcome(Expression, Metric, ComparisonText.Change(figure), figure.PValue, holds, note);
    }

    [GeneratedRegex(@"^(?<metric>[A-Za-z*σκ][A-Za-z0-9.*]*)\s*(?<op>[<>])\s*(?<amount>[+-]?(\d+(\.\d*)?|\.\d+))(?<percent>%)?$")]
    private static partial Regex Shape();
}

/// <summary>A <c>--fail-if</c> condition judged (<c>failIf</c> of a compare result).</summary>
/// <param name="Expression">The condition as written.</param>
/// <param name="Metric">The figure it names.</param>
/// <param name="Change">The figure's change as printed.</param>
/// <param name="PValue">The change's p-value; null without a noise estimate.</param>
/// <param name="Holds">True when the condition holds: the command exits 1.</param>
/// <param name="Note">Why a passing bound did not fail, or how it was judged; null when nothing.</param>
public sealed record FailOutcome(string Expression, string Metric, string Change, double? PValue, bool Holds, string? Note);
