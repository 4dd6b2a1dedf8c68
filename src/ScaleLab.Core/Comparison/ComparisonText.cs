using System.Globalization;

namespace ScaleLab.Core.Comparison;

/// <summary>How values, changes and p-values read in a comparison, the same in the table and in the summary.</summary>
public static class ComparisonText
{
    /// <summary>A value with its unit: <c>1,000 ms</c>, <c>1,234/s</c>, <c>0.05</c>, <c>0.10%</c>.</summary>
    public static string Value(double? value, string unit)
    {
        if (value is not { } v)
        {
            return "—";
        }

        var number = Math.Abs(v) switch
        {
            0 => "0",
            >= 100 => v.ToString("#,0", CultureInfo.InvariantCulture),
            >= 10 => v.ToString("0.#", CultureInfo.InvariantCulture),
            >= 0.01 => v.ToString("0.###", CultureInfo.InvariantCulture),
            _ => v.ToString("0.###e+0", CultureInfo.InvariantCulture),
        };
        return unit switch
        {
            "" => number,
            "%" => number + "%",
            "/s" => number + "/s",
            _ => number + " " + unit,
        };
    }

    /// <summary>The change as people read it: <c>−70%</c> (a true minus sign), or the absolute change for coefficients.</summary>
    public static string Change(MetricChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Change is not { } absolute)
        {
            return "—";
        }

        // Coefficients (σ, κ, efficiency) and percentages read better as differences: σ +0.05, errors +0.2 points.
        if (change.Unit is "" or "%" && change.Metric is not ("nstar" or "lambda"))
        {
            return Signed(absolute, change.Unit == "%" ? " pts" : string.Empty);
        }

        if (change.RelativeChange is { } relative)
        {
            return Signed(relative * 100, "%");
        }

        return change.After > 0 ? "new" : Signed(absolute, string.Empty);
    }

    /// <summary><c>p &lt; 0.001</c>, <c>p = 0.012</c>.</summary>
    public static string PValue(double p) =>
        p < 0.001 ? "p < 0.001" : "p = " + p.ToString(p < 0.1 ? "0.###" : "0.##", CultureInfo.InvariantCulture);

    private static string Signed(double value, string unit)
    {
        var magnitude = Math.Abs(value) switch
        {
            >= 10 => Math.Abs(value).ToString("0", CultureInfo.InvariantCulture),
            >= 0.1 => Math.Abs(value).ToString("0.#", CultureInfo.InvariantCulture),
            >= 0.001 => Math.Abs(value).ToString("0.###", CultureInfo.InvariantCulture),
            0 => "0",
            _ => Math.Abs(value).ToString("0.#e+0", CultureInfo.InvariantCulture),
        };
        var sign = value > 0 ? "+" : value < 0 ? "\u2212" : string.Empty;
        return sign + magnitude + unit;
    }
}
