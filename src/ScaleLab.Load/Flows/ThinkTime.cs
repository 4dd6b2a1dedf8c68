using ScaleLab.Core.Units;

namespace ScaleLab.Load.Flows;

/// <summary>A pause: fixed (<c>500ms</c>) or drawn uniformly between two durations (<c>200ms-1s</c>).</summary>
/// <param name="Min">The shortest pause.</param>
/// <param name="Max">The longest pause (equal to <paramref name="Min"/> for a fixed one).</param>
public readonly record struct ThinkTime(TimeSpan Min, TimeSpan Max)
{
    /// <summary>Parses "500ms" or "200ms-1s"; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static ThinkTime Parse(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        var error = "give one duration or two joined by '-'";
        if (parts.Length is < 1 or > 2 || !DurationParser.TryParse(parts[0], out var min, out error)
            || !DurationParser.TryParse(parts[^1], out var max, out error))
        {
            throw new FormatException($"think '{text}' is not a duration (500ms) or a range (200ms-1s): {error}");
        }

        return min <= max ? new ThinkTime(min, max) : throw new FormatException($"think '{text}': the range must go from the shorter to the longer");
    }

    /// <summary>A pause drawn from the range.</summary>
    public TimeSpan Next(Random random) =>
        Max == Min ? Min : Min + TimeSpan.FromTicks((long)(random.NextDouble() * (Max - Min).Ticks));
}
