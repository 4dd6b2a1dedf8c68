using BenchmarkDotNet.Attributes;
using ScaleLab.Core.Scalability;

namespace FitBench;

/// <summary>
/// The budget: a USL fit of 100 points with standard errors and confidence intervals in under 50 ms.
/// <see cref="Analyze100Points"/> is what <c>scalelab fit</c> and <c>diagnose</c> run: USL, Amdahl and linear fits,
/// the comparison, per-point efficiency and warnings.
/// </summary>
[MemoryDiagnoser]
public class FitBenchmarks
{
    private ScalabilityPoint[] _points = [];

    [GlobalSetup]
    public void Setup()
    {
        // 100 loads from 1 to 200, from σ = 0.02, κ = 0.0001, λ = 1000 with 3% seeded noise: noisy and retrograde,
        // the hard case for the optimiser.
        var truth = new UslModel(0.02, 0.0001, 1000);
        var random = new Random(42);
        _points = Enumerable.Range(1, 100).Select(i =>
        {
            var n = 2.0 * i - 1;
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return new ScalabilityPoint(n, truth.Throughput(n) * (1 + 0.03 * gaussian));
        }).ToArray();
    }

    [Benchmark]
    public UslFit Fit100PointsWithIntervals() => UslFitter.Fit(_points);

    [Benchmark]
    public ScalabilityAnalysis Analyze100Points() => ScalabilityAnalyzer.Analyze(_points);
}
