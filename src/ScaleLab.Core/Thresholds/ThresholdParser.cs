using System.Globalization;
using System.Text.RegularExpressions;
using ScaleLab.Core.Text;
using ScaleLab.Core.Units;

namespace ScaleLab.Core.Thresholds;

/// <summary>
/// Parses thresholds as <c>--threshold</c> takes them: <c>METRIC[{name:NAME}] OP VALUE</c>, with OP one of
/// <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>. Latency values need a unit (<c>200ms</c>, <c>1s</c>,
/// <c>500us</c>), percentages a <c>%</c>: a bare number could mean either, and a threshold that gates a release must
/// not be guessed. Every error is one line naming what was expected and, for a misspelt metric, the nearest one.
/// </summary>
public static partial class ThresholdParser
{
    /// <summary>The latency statistics a threshold can name, as they are written.</summary>
    public static IReadOnlyList<string> LatencyStatistics { get; } = ["p50", "p90", "p95", "p99", "p99.9", "min", "mean", "max"];

    /// <summary>Every metric a threshold can name.</summary>
    public static IReadOnlyList<string> Metrics { get; } = [.. LatencyStatistics, "errors", "checks", "throughput", "requests", "rate-achieved"];

    // Other spellings people bring from k6 (avg, med, p(95)) and from this tool's own JSON (p999).
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["avg"] = "mean",
        ["med"] = "p50",
        ["median"] = "p50",
        ["p999"] = "p99.9",
        ["error-rate"] = "errors",
        ["rate_achieved"] = "rate-achieved",
    };

    /// <summary>Parses <paramref name="text"/>, or returns false with a one-line reason in <paramref name="error"/>.</summary>
    public static bool TryParse(string? text, out ThresholdExpression? threshold, out string error)
    {
        threshold = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty threshold: write e.g. p99<200ms";
            return false;
        }

        var written = text.Trim();
        try
        {
            threshold = ParseTrimmed(written);
            return true;
        }
        catch (FormatException ex)
        {
            error = $"threshold '{written}': {ex.Message}";
            return false;
        }
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static ThresholdExpression Parse(string text) =>
        TryParse(text, out var threshold, out var error) ? threshold! : throw new FormatException(error);

    private static ThresholdExpression ParseTrimmed(string text)
    {
        // The comparison is looked for after the tag, so that a request name may hold any character but a brace.
        var tagEnd = text.LastIndexOf('}');
        var at = text.IndexOfAny(['<', '>'], tagEnd + 1);
        if (at < 0)
        {
            throw new FormatException(text.Contains('=', StringComparison.Ordinal)
                ? "'=' alone is not a comparison: use <, <=, > or >="
                : "no comparison: write METRIC<VALUE, e.g. p99<200ms, errors<1%, throughput>500");
        }

        var orEqual = at + 1 < text.Length && text[at + 1] == '=';
        var op = (text[at], orEqual) switch
        {
            ('<', false) => ThresholdOperator.Less,
            ('<', true) => ThresholdOperator.LessOrEqual,
            ('>', false) => ThresholdOperator.Greater,
            _ => ThresholdOperator.GreaterOrEqual,
        };
        var left = text[..at].Trim();
        var right = text[(at + (orEqual ? 2 : 1))..].Trim();
        if (left.EndsWith('=') || left.EndsWith('!'))
        {
            throw new FormatException($"'{left[^1]}{text[at]}' is not a comparison: use <, <=, > or >=");
        }

        if (right.StartsWith('<') || right.StartsWith('>') || right.StartsWith('='))
        {
            throw new FormatException("one comparison only: use <, <=, > or >=");
        }

        var (metricText, name) = SplitTag(left);
        var statistic = Canonical(metricText);
        var metric = statistic switch
        {
            "errors" => ThresholdMetric.Errors,
            "checks" => ThresholdMetric.Checks,
            "throughput" => ThresholdMetric.Throughput,
            "requests" => ThresholdMetric.Requests,
            "rate-achieved" => ThresholdMetric.RateAchieved,
            _ => ThresholdMetric.Latency,
        };
        if (name is not null && metric is ThresholdMetric.Checks or ThresholdMetric.RateAchieved)
        {
            throw new FormatException($"{statistic} is judged on the whole run: drop {{name:{name}}}");
        }

        if (right.Length == 0)
        {
            throw new FormatException($"no value after the comparison: write e.g. {Example(metric)}");
        }

        var limit = metric switch
        {
            ThresholdMetric.Latency => Milliseconds(right),
            ThresholdMetric.Errors or ThresholdMetric.Checks => Percentage(right, metric),
            ThresholdMetric.Throughput => Number(right.EndsWith("/s", StringComparison.Ordinal) ? right[..^2] : right, metric),
            ThresholdMetric.Requests => WholeNumber(right),
            _ => right.EndsWith('%') ? Percentage(right, metric) / 100 : Number(right, metric),
        };
        return new ThresholdExpression(text, metric, metric == ThresholdMetric.Latency ? statistic : null, name, op, limit);
    }

    private static (string Metric, string? Name) SplitTag(string left)
    {
        var open = left.IndexOf('{');
        if (open < 0)
        {
            if (left.Contains('}', StringComparison.Ordinal))
            {
                throw new FormatException("a '}' without its '{': write e.g. p95{name:order}<300ms");
            }

            return (left, null);
        }

        if (!left.EndsWith('}'))
        {
            throw new FormatException("the tag must end with '}' before the comparison: write e.g. p95{name:order}<300ms");
        }

        var tag = left[(open + 1)..^1].Trim();
        var colon = tag.IndexOf(':');
        var key = colon < 0 ? tag : tag[..colon].Trim();
        if (colon < 0 || !key.Equals("name", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"unknown tag '{key}': the only tag is name, as in p95{{name:order}}<300ms");
        }

        var name = tag[(colon + 1)..].Trim();
        if (name.Length >= 2 && (name[0] == '"' || name[0] == '\'') && name[^1] == name[0])
        {
            name = name[1..^1];
        }

        return name.Length == 0
            ? throw new FormatException("an empty name: write the request's name, as in p95{name:order}<300ms")
            : (left[..open].Trim(), name);
    }

    private static string Canonical(string metric)
    {
        if (metric.Length == 0)
        {
            throw new FormatException($"no metric before the comparison; the metrics are {string.Join(", ", Metrics)}");
        }

        var lower = metric.ToLowerInvariant();
        // k6 writes percentiles p(95); here they are p95.
        var percentile = K6Percentile().Match(lower);
        if (percentile.Success)
        {
            lower = "p" + percentile.Groups[1].Value;
        }

        lower = Aliases.GetValueOrDefault(lower, lower);
        if (Metrics.Contains(lower))
        {
            return lower;
        }

        if (AnyPercentile().IsMatch(lower))
        {
            throw new FormatException($"{metric} is not reported; the latency percentiles are p50, p90, p95, p99 and p99.9");
        }

        var hint = NearestName.Find(lower, Metrics) is { } nearest ? $" (did you mean {nearest}?)" : string.Empty;
        throw new FormatException($"unknown metric '{metric}'{hint}; the metrics are {string.Join(", ", Metrics)}");
    }

    private static double Milliseconds(string value)
    {
        if (!DurationParser.TryParse(value, out var duration, out var error))
        {
            throw new FormatException(error);
        }

        return duration.TotalMilliseconds;
    }

    private static double Percentage(string value, ThresholdMetric metric)
    {
        if (!value.EndsWith('%'))
        {
            throw new FormatException($"'{value}': give a percentage with %, e.g. {Example(metric)}");
        }

        var number = Number(value[..^1].TrimEnd(), metric);
        return number <= 100 ? number : throw new FormatException($"'{value}' is above 100%");
    }

    private static double WholeNumber(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new FormatException($"'{value}' is not a count of requests, e.g. requests>1000");

    private static double Number(string value, ThresholdMetric metric) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new FormatException($"'{value}' is not a number; write e.g. {Example(metric)}");

    private static string Example(ThresholdMetric metric) => metric switch
    {
        ThresholdMetric.Latency => "p99<200ms",
        ThresholdMetric.Errors => "errors<0.1%",
        ThresholdMetric.Checks => "checks>99.9%",
        ThresholdMetric.Throughput => "throughput>500",
        ThresholdMetric.Requests => "requests>1000",
        _ => "rate-achieved>0.99",
    };

    [GeneratedRegex(@"^p\((\d+(?:\.\d+)?)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex K6Percentile();

    [GeneratedRegex(@"^p\d+(?:\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex AnyPercentile();
}
