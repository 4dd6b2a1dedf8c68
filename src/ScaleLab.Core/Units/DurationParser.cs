using System.Globalization;

namespace ScaleLab.Core.Units;

/// <summary>
/// Parses the durations ScaleLab's commands take: <c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1h</c>, <c>250us</c>.
/// A bare number is an error: <c>-d 10</c> could mean 10 ms or 10 s, and guessing wrong measures the wrong thing.
/// </summary>
public static class DurationParser
{
    /// <summary>Parses <paramref name="text"/> or returns false with a one-line reason.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty duration";
            return false;
        }

        var span = text.Trim();
        var unitStart = span.Length;
        while (unitStart > 0 && char.IsLetter(span[unitStart - 1]))
        {
            unitStart--;
        }

        var unit = span[unitStart..].ToLowerInvariant();
        if (!double.TryParse(span[..unitStart], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || double.IsNaN(value) || double.IsInfinity(value))
        {
            error = $"'{text}' is not a duration (use e.g. 500ms, 10s, 2m)";
            return false;
        }

        if (unit.Length == 0)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"'{text}' has no unit: give one of us, ms, s, m or h (e.g. {value}s or {value}ms)");
            return false;
        }

        double? milliseconds = unit switch
        {
            "s" or "sec" => value * 1000,
            "ms" => value,
            "us" or "µs" => value / 1000,
            "m" or "min" => value * 60_000,
            "h" => value * 3_600_000,
            _ => null,
        };
        if (milliseconds is null)
        {
            error = $"'{text}' has an unknown unit '{unit}' (use us, ms, s, m or h)";
            return false;
        }

        if (milliseconds < 0 || milliseconds > TimeSpan.FromDays(7).TotalMilliseconds)
        {
            error = $"'{text}' is out of range (0 to 7 days)";
            return false;
        }

        duration = TimeSpan.FromMilliseconds(milliseconds.Value);
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var duration, out var error) ? duration : throw new FormatException(error);

    /// <summary>Formats a duration the way it would be typed: <c>1.5s</c>, <c>250ms</c>.</summary>
    public static string Format(TimeSpan duration) => duration.TotalSeconds >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###}s")
        : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.###}ms");
}
