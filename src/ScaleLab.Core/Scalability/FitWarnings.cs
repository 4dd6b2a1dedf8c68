using System.Globalization;

namespace ScaleLab.Core.Scalability;

/// <summary>The warnings a fit can carry, each with its stable code.</summary>
public static class FitWarnings
{
    /// <summary>Code: fewer points than the six the R <c>usl</c> package asks for.</summary>
    public const string FewPointsCode = "fewPoints";

    /// <summary>Code: as many coefficients as points, so no standard errors or intervals.</summary>
    public const string NoDegreesOfFreedomCode = "noDegreesOfFreedom";

    /// <summary>Code: measured efficiency above 1 (super-linear scaling).</summary>
    public const string SuperLinearCode = "superLinear";

    /// <summary>Code: κ = 0, no coherency delay and no peak.</summary>
    public const string NoCoherencyCode = "kappaAtZero";

    /// <summary>Code: σ = 0, no contention.</summary>
    public const string NoContentionCode = "sigmaAtZero";

    /// <summary>Code: σ = 1, throughput does not grow with N at all.</summary>
    public const string FullySerialisedCode = "sigmaAtOne";

    /// <summary>Code: κ = 1, the largest coherency the model allows.</summary>
    public const string KappaAtOneCode = "kappaAtOne";

    /// <summary>Code: throughput is the same at every N.</summary>
    public const string ConstantThroughputCode = "constantThroughput";

    /// <summary>Code: some measured throughput is 0.</summary>
    public const string ZeroThroughputCode = "zeroThroughput";

    /// <summary>Code: the peak N* lies beyond twice the measured range.</summary>
    public const string PeakBeyondDataCode = "peakBeyondData";

    /// <summary>Code: the standard errors could not be computed (the coefficients are not identifiable).</summary>
    public const string NoStandardErrorsCode = "noStandardErrors";

    /// <summary>Code: a prediction beyond twice the largest measured N.</summary>
    public const string ExtrapolationCode = "extrapolation";

    internal static FitWarning FewPoints(int count) => new(FewPointsCode,
        $"only {count} points: the fit may not be accurate (6 or more, spread up to and past the peak, are better)");

    internal static FitWarning NoDegreesOfFreedom(int count, int parameters) => new(NoDegreesOfFreedomCode,
        $"{count} points for {parameters} coefficients: the curve passes through every point, so there are no standard errors or confidence intervals");

    internal static FitWarning SuperLinear(IEnumerable<FittedPoint> points) => new(SuperLinearCode,
        "efficiency above 1 at N = " + string.Join(", ", points.Select(p => $"{F(p.N)} ({F(p.Efficiency, "0.00")})"))
        + ": super-linear scaling is usually a measurement artefact (warm-up, caching, a cold first step)");

    internal static FitWarning NoCoherency(UslModel model) => new(NoCoherencyCode, model.AmdahlCeiling is { } ceiling
        ? $"κ = 0: no coherency delay detected; throughput has no peak and approaches Amdahl's ceiling λ/σ = {F(ceiling)}"
        : "κ = 0: no coherency delay detected; throughput has no peak");

    internal static FitWarning NoContention() => new(NoContentionCode,
        "σ = 0: no contention detected");

    internal static FitWarning FullySerialised() => new(FullySerialisedCode,
        "σ = 1: throughput does not grow with N at all, the work is fully serialised (or the load generator is the bottleneck)");

    internal static FitWarning KappaAtOne() => new(KappaAtOneCode,
        "κ = 1, its upper bound: throughput falls steeply from the first step; check the data and its units");

    internal static FitWarning ConstantThroughput() => new(ConstantThroughputCode,
        "throughput is the same at every N: nothing scales, so σ = 1 and the other coefficients say little");

    internal static FitWarning ZeroThroughput(IEnumerable<double> loads) => new(ZeroThroughputCode,
        "throughput is 0 at N = " + string.Join(", ", loads.Select(n => F(n))) + ": a failed step? it is kept in the fit");

    internal static FitWarning PeakBeyondData(double peak, double maxN) => new(PeakBeyondDataCode,
        $"the peak N* = {F(peak)} lies beyond twice the largest measured N ({F(maxN)}): it is an extrapolation");

    internal static FitWarning NoStandardErrors() => new(NoStandardErrorsCode,
        "the data cannot tell the coefficients apart: no standard errors or confidence intervals");

    internal static FitWarning Extrapolation(double n, double maxN) => new(ExtrapolationCode,
        $"N = {F(n)} is beyond twice the largest measured N ({F(maxN)}): an extrapolation, trust it less than its band says");

    private static string F(double value, string format = "G4") => value.ToString(format, CultureInfo.InvariantCulture);
}
