using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Tests.Scalability;

/// <summary>Published scalability measurements and the coefficients published for them.</summary>
internal static class ReferenceDatasets
{
    /// <summary>
    /// SPEC SDM91 on a 16-CPU Sun SPARCcenter 2000 (R package <c>usl</c>, dataset <c>specsdm91</c>; Gunther, GCaP).
    /// The package's summary: α (σ) = 0.0277285 ± 0.0091217, β (κ) = 0.0001044 ± 0.0000199, γ (λ) = 89.9952330 ± 14.2134894,
    /// residual standard error 82.85 on 4 degrees of freedom.
    /// </summary>
    public static ScalabilityPoint[] SpecSdm91 { get; } = Points(
        [1, 18, 36, 72, 108, 144, 216],
        [64.9, 995.9, 1652.4, 1853.2, 1828.9, 1775.0, 1702.2]);

    /// <summary>
    /// A ray tracer on an SGI Origin 2000 with 64 CPUs (R package <c>usl</c>, dataset <c>raytracer</c>; GCaP ch. 5).
    /// The package's fit: σ = 0.0578, κ = 0 (on its bound), λ = 21.8488; R's nls gives standard errors 0.013293,
    /// 0.00011792, 2.1962.
    /// </summary>
    public static ScalabilityPoint[] Raytracer { get; } = Points(
        [1, 4, 8, 12, 16, 20, 24, 28, 32, 48, 64],
        [20, 78, 130, 170, 190, 200, 210, 230, 260, 280, 310]);

    /// <summary>
    /// Measurements from Schwartz, <i>Practical Scalability Analysis with the Universal Scalability Law</i>, as used by
    /// the Go <c>usl</c> library's tests: σ = 0.02671591, κ = 7.690945e-4, λ = 995.6486, N* = 35, X(N*) = 12341.7.
    /// </summary>
    public static ScalabilityPoint[] Schwartz { get; } = Points(
        Enumerable.Range(1, 32).Select(i => (double)i).ToArray(),
        [955.16, 1878.91, 2688.01, 3548.68, 4315.54, 5130.43, 5931.37, 6531.08, 7219.8, 7867.61, 8278.71, 8646.7,
         9047.84, 9426.55, 9645.37, 9897.24, 10097.6, 10240.5, 10532.39, 10798.52, 11151.43, 11518.63, 11806,
         12089.37, 12075.41, 12177.29, 12211.41, 12158.93, 12155.27, 12118.04, 12140.4, 12074.39]);

    /// <summary>The R package <c>usl</c>'s own test (tests/coef.R): exact data for σ = κ = 0.02, λ = 1.</summary>
    public static ScalabilityPoint[] UslPackageCoefTest { get; } = Points(
        [1, 2, 4, 6, 8, 10],
        [1, 1.8868, 3.0769, 3.5294, 3.5398, 3.3557]);

    /// <summary>
    /// SPEC SDM91 without its N = 1 point. R 4.2.2 <c>nls(algorithm = "port")</c>, called as the <c>usl</c> package
    /// calls it: σ = 0.028168974, κ = 0.00010409211, λ = 90.702429, RSS = 26806.309, SE 0.0106865, 2.28652e-05, 16.6602.
    /// </summary>
    public static ScalabilityPoint[] SpecSdm91WithoutOne { get; } = SpecSdm91[1..];

    /// <summary>
    /// Two measurements at each load, from σ = 0.05, κ = 0.002, λ = 100 with fixed ±4% errors. R 4.2.2 nls port:
    /// σ = 0.050171943, κ = 0.0020038151, λ = 100.07782, RSS = 1611.8071, SE 0.00763697, 0.000154732, 3.37108.
    /// </summary>
    public static ScalabilityPoint[] RepeatedLoads { get; } = Points(
        [1, 1, 2, 2, 4, 4, 8, 8, 16, 16, 32, 32],
        [102.000, 97.000, 187.856, 195.446, 344.123, 327.087, 569.083, 536.252, 695.964, 731.839, 712.836, 698.721]);

    /// <summary>
    /// Mostly contention, no N = 1. R 4.2.2 nls port: σ = 0.056210183, κ = 6.0966045e-05, λ = 103.86225,
    /// RSS = 163.91694, SE 0.00254693, 2.35162e-05, 1.88035.
    /// </summary>
    public static ScalabilityPoint[] ContentionNoOne { get; } = Points(
        [2, 4, 8, 16, 32, 64],
        [190, 350, 600, 900, 1180, 1390]);

    public static ScalabilityPoint[] Points(double[] n, double[] x) => n.Zip(x, (a, b) => new ScalabilityPoint(a, b)).ToArray();

    /// <summary>Points from a known model with multiplicative Gaussian noise of relative size <paramref name="noise"/>.</summary>
    public static ScalabilityPoint[] Synthetic(UslModel model, IEnumerable<double> loads, double noise, int seed)
    {
        var random = new Random(seed);
        return loads.Select(n =>
        {
            // Box–Muller: a seeded normal without another dependency.
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return new ScalabilityPoint(n, model.Throughput(n) * (1 + noise * gaussian));
        }).ToArray();
    }
}
