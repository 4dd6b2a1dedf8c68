using System.Globalization;

namespace ScaleLab.Core.Scalability;

/// <summary>Checks measured points before a fit and scales the throughput to about 1 for the optimiser.</summary>
internal sealed class ScalabilityInput
{
    /// <summary>Below this the fit is refused: three coefficients need three points.</summary>
    public const int MinimumPoints = 3;

    /// <summary>The <c>usl</c> package warns below six points; so do we.</summary>
    public const int RecommendedPoints = 6;

    // Past these the squares in the least-squares sums lose meaning (N² for κ, X² for the residuals); no real
    // experiment comes near them, so a value beyond is a unit or parsing mistake worth reporting.
    public const double MaximumN = 1e9;
    public const double MaximumThroughput = 1e100;

    private ScalabilityInput(double[] n, double[] throughput, double scale)
    {
        N = n;
        Throughput = throughput;
        Scale = scale;
        Scaled = throughput.Select(x => x / scale).ToArray();
    }

    public double[] N { get; }

    public double[] Throughput { get; }

    /// <summary>The throughput divided by <see cref="Scale"/>: the optimiser works on values of about 1.</summary>
    public double[] Scaled { get; }

    public double Scale { get; }

    public int Count => N.Length;

    public double MinN => N.Min();

    public double MaxN => N.Max();

    /// <summary>Validates <paramref name="points"/> or throws <see cref="ScalabilityDataException"/> with the first problem.</summary>
    public static ScalabilityInput From(IReadOnlyList<ScalabilityPoint>? points)
    {
        if (points is null || points.Count == 0)
        {
            throw new ScalabilityDataException("no data points: a fit needs at least 3 (N, throughput) measurements");
        }

        for (var i = 0; i < points.Count; i++)
        {
            var (n, x) = (points[i].N, points[i].Throughput);
            var where = $"point {i + 1}";
            if (!double.IsFinite(n))
            {
                throw new ScalabilityDataException($"{where}: N is {Describe(n)}, not a finite number");
            }

            if (!double.IsFinite(x))
            {
                throw new ScalabilityDataException($"{where} (N = {Format(n)}): throughput is {Describe(x)}, not a finite number");
            }

            if (n <= 0)
            {
                throw new ScalabilityDataException($"{where}: N must be positive, got {Format(n)}");
            }

            if (n > MaximumN)
            {
                throw new ScalabilityDataException($"{where}: N = {Format(n)} is too large (at most {Format(MaximumN)})");
            }

            if (x < 0)
            {
                throw new ScalabilityDataException($"{where} (N = {Format(n)}): throughput must not be negative, got {Format(x)}");
            }

            if (x > MaximumThroughput)
            {
                throw new ScalabilityDataException($"{where} (N = {Format(n)}): throughput {Format(x)} is too large (at most {Format(MaximumThroughput)})");
            }
        }

        if (points.Count < MinimumPoints)
        {
            throw new ScalabilityDataException(
                $"only {points.Count} point{(points.Count == 1 ? "" : "s")}: a fit needs at least {MinimumPoints} (N, throughput) measurements");
        }

        var distinct = points.Select(p => p.N).Distinct().Count();
        if (distinct < MinimumPoints)
        {
            var loads = string.Join(", ", points.Select(p => p.N).Distinct().Select(Format));
            throw new ScalabilityDataException(
                $"all {points.Count} points are at {distinct} load{(distinct == 1 ? "" : "s")} (N = {loads}): a fit needs at least {MinimumPoints} different values of N");
        }

        var scale = points.Max(p => p.Throughput);
        if (scale <= 0)
        {
            throw new ScalabilityDataException("every throughput is 0: there is nothing to fit");
        }

        return new ScalabilityInput(
            points.Select(p => p.N).ToArray(),
            points.Select(p => p.Throughput).ToArray(),
            scale);
    }

    private static string Describe(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "infinite" : "-infinite";

    public static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
