using System.Globalization;
using System.Text.Json.Serialization;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// The latency percentile a service level objective is stated on: any between 0 and 100 (p50, p95, p99, p99.9),
/// read from each step's recorded histogram. Written to JSON as its name, <c>"p99.9"</c>.
/// </summary>
[JsonConverter(typeof(SloPercentileJsonConverter))]
public readonly record struct SloPercentile
{
    /// <summary>A percentile strictly between 0 and 100.</summary>
    /// <param name="value">The percentile, e.g. 99.9.</param>
    public SloPercentile(double value)
    {
        if (!(value > 0 && value < 100))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "a percentile lies strictly between 0 and 100");
        }

        Value = value;
    }

    /// <summary>The median.</summary>
    public static SloPercentile P50 { get; } = new(50);

    /// <summary>The 90th percentile.</summary>
    public static SloPercentile P90 { get; } = new(90);

    /// <summary>The 99th percentile, the default.</summary>
    public static SloPercentile P99 { get; } = new(99);

    /// <summary>The percentile, strictly between 0 and 100.</summary>
    public double Value { get; }

    /// <summary>The name as typed and written: <c>p99</c>, <c>p99.9</c>.</summary>
    public string Name => "p" + Value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>Parses <c>p95</c>, <c>P99.9</c>: a <c>p</c> and a number strictly between 0 and 100.</summary>
    public static bool TryParse(string? text, out SloPercentile percentile)
    {
        percentile = P99;
        if (text is not { Length: > 1 } || (text[0] != 'p' && text[0] != 'P')
            || !double.TryParse(text.AsSpan(1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || !(value > 0 && value < 100))
        {
            return false;
        }

        percentile = new SloPercentile(value);
        return true;
    }

    /// <summary>The name, <c>p99</c>.</summary>
    public override string ToString() => Name;
}
