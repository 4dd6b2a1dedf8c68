using System.Globalization;

namespace ScaleLab.Core.Diagnosis;

/// <summary>How numbers read in evidence, advice and notes: short, with their units, the same everywhere.</summary>
internal static class DiagnosisText
{
    public static string Ms(double milliseconds) => Format(milliseconds) + " ms";

    public static string Rate(double perSecond) => Format(perSecond) + " req/s";

    public static string Users(int n) => n == 1 ? "1 user" : string.Create(CultureInfo.InvariantCulture, $"{n} users");

    public static string Percent(double share, string format = "0") =>
        (share * 100).ToString(format, CultureInfo.InvariantCulture) + "%";

    public static string CpuPercent(double percent) => percent.ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Efficiency(double efficiency) => efficiency.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Number(double value) => Format(value);

    /// <summary>σ and κ as people read them: 0.816, 0.00681, 1.4e-05.</summary>
    public static string Coefficient(double value) => Math.Abs(value) switch
    {
        0 => "0",
        >= 0.01 => value.ToString("0.###", CultureInfo.InvariantCulture),
        >= 0.0001 => value.ToString("0.######", CultureInfo.InvariantCulture),
        _ => value.ToString("0.#e+0", CultureInfo.InvariantCulture),
    };

    public static string Cpus(double cpus) => cpus.ToString("0.##", CultureInfo.InvariantCulture) + (cpus == 1 ? " CPU" : " CPUs");

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";

    /// <summary>Three significant figures or so: 1234 → 1234, 98.76 → 98.8, 1.234 → 1.23.</summary>
    public static string Format(double value) => Math.Abs(value) switch
    {
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.#", CultureInfo.InvariantCulture),
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
