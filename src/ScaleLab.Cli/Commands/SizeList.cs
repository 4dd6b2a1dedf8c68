using System.Globalization;

namespace ScaleLab.Cli.Commands;

/// <summary>The size lists of <c>scale</c> (<c>--replicas 1,2,4</c>, <c>--cpus 1,2</c>, <c>--memory 256m,1g</c>): non-empty and strictly increasing.</summary>
internal static class SizeList
{
    /// <summary>Whole numbers from <paramref name="min"/> to <paramref name="max"/>, increasing.</summary>
    public static IReadOnlyList<int> Counts(string text, string option, int min, int max) =>
        Increasing(Parts(text, option).Select(part =>
            int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n
                : throw new UsageException($"{option}: '{part}' is not a whole number from {min} to {max} (use e.g. {option} 1,2,4)")).ToArray(), option);

    /// <summary>Memory sizes with a unit, <c>256m</c> or <c>1g</c>, in MiB, increasing.</summary>
    public static IReadOnlyList<int> Megabytes(string text, string option) =>
        Increasing(Parts(text, option).Select(part => ParseMegabytes(part) ?? throw new UsageException(
            $"{option}: '{part}' is not a memory size (use a whole number with m or g, e.g. {option} 256m,1g)")).ToArray(), option);

    private static int? ParseMegabytes(string part)
    {
        var unit = char.ToLowerInvariant(part[^1]);
        if (unit is not ('m' or 'g') || !int.TryParse(part[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            return null;
        }

        var mb = unit == 'g' ? (long)n * 1024 : n;
        return mb is >= 32 and <= 1024 * 1024 ? (int)mb : null;
    }

    private static string[] Parts(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 0 || parts.Any(p => p.Length == 0)
            ? throw new UsageException($"{option}: give a comma-separated list with no empty entry, e.g. {option} 1,2,4")
            : parts;
    }

    private static int[] Increasing(int[] values, string option)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] <= values[i - 1])
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"{option}: the list must increase ({values[i - 1]} then {values[i]}); give each size once, smallest first"));
            }
        }

        return values;
    }
}
