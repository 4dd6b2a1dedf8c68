using System.Globalization;

namespace ScaleLab.Reports.Text;

/// <summary>How numbers read in a report: invariant culture, about three significant digits, thousands grouped.</summary>
internal static class Figures
{
    public static string Number(double value)
    {
        if (double.IsNaN(value))
        {
            return "–";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "∞" : "−∞";
        }

        var magnitude = Math.Abs(value);
        if (magnitude >= 100)
        {
            return value.ToString("#,0", CultureInfo.InvariantCulture);
        }

        if (magnitude == 0)
        {
            return "0";
        }

        // Three significant digits below 100 (12.3, 1.23, 0.0123), never an exponent a reader must decode.
        var decimals = Math.Clamp(2 - (int)Math.Floor(Math.Log10(magnitude)), 0, 6);
        return Math.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    public static string Number(double? value) => value is { } v ? Number(v) : "–";

    /// <summary>A share of 1 as a percentage: 0.874 → "87.4%".</summary>
    public static string Percent(double share) => Number(share * 100) + "%";

    public static string Percent(double? share) => share is { } s ? Percent(s) : "–";

    /// <summary>Milliseconds with their unit.</summary>
    public static string Ms(double value) => Number(value) + " ms";

    /// <summary>A plain number for CSV: full precision, invariant, no grouping.</summary>
    public static string Plain(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Plain(double? value) => value is { } v ? Plain(v) : string.Empty;
}
