using System.Globalization;
using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Tests.Scalability;

public class UslFitterTests
{
    [Fact]
    public void Fit_SpecSdm91_MatchesPublishedCoefficients()
    {
        var fit = UslFitter.Fit(ReferenceDatasets.SpecSdm91);

        // R usl 3.0: alpha 0.0277285, beta 0.0001044, gamma 89.9952330 (R 4.2.2 nls port: 1.043655e-04 for beta).
        AssertClose(0.0277285, fit.Model.Sigma, 1e-4);
        AssertClose(1.043655e-4, fit.Model.Kappa, 1e-4);
        AssertClose(89.9952330, fit.Model.Lambda, 1e-4);
        Assert.Empty(fit.AtBound);
    }

    [Fact]
    public void Fit_SpecSdm91_MatchesPublishedStandardErrors()
    {
        var fit = UslFitter.Fit(ReferenceDatasets.SpecSdm91);

        AssertClose(0.0091217, fit.Sigma.StandardError!.Value, 1e-3);
        AssertClose(1.9875e-5, fit.Kappa.StandardError!.Value, 1e-3);
        AssertClose(14.2134894, fit.Lambda.StandardError!.Value, 1e-3);
        AssertClose(82.85, fit.ResidualStandardError!.Value, 1e-3);
        Assert.Equal(4, fit.DegreesOfFreedom);
    }

    [Fact]
    public void Fit_SpecSdm91_MatchesPublishedFittedValuesResidualsAndPeak()
    {
        var analysis = ScalabilityAnalyzer.Analyze(ReferenceDatasets.SpecSdm91);

        // R usl tests/fitted.Rout.save, residuals.Rout.save, efficiency.Rout.save, peak-scalability.Rout.save.
        double[] fitted = [90, 1078, 1541, 1850, 1879, 1822, 1646];
        double[] residuals = [-25.10, -81.66, 111.09, 3.05, -49.99, -46.60, 56.00];
        double[] efficiency = [0.7211, 0.6148, 0.5100, 0.2860, 0.1882, 0.1370, 0.0876];
        for (var i = 0; i < fitted.Length; i++)
        {
            Assert.Equal(fitted[i], analysis.Points[i].Fitted, 0.5);
            Assert.Equal(residuals[i], analysis.Points[i].Residual, 0.01);
            Assert.Equal(efficiency[i], analysis.Points[i].Efficiency, 0.0001);
        }

        Assert.Equal(97, Math.Round(analysis.Usl.PeakConcurrency!.Value));
    }

    [Fact]
    public void Fit_SpecSdm91_AicMatchesRsAicForNls()
    {
        var fit = UslFitter.Fit(ReferenceDatasets.SpecSdm91);

        // R 4.2.2: AIC(nls(..., algorithm = "port")) = 85.78557.
        Assert.Equal(85.78557, fit.Aic, 1e-4);
    }

    [Fact]
    public void Fit_Raytracer_MatchesPublishedCoefficientsWithKappaOnItsBound()
    {
        var fit = UslFitter.Fit(ReferenceDatasets.Raytracer);

        AssertClose(0.05777078, fit.Model.Sigma, 1e-4);
        Assert.Equal(0, fit.Model.Kappa);
        AssertClose(21.84884, fit.Model.Lambda, 1e-4);
        Assert.Equal(["kappa"], fit.AtBound);
        Assert.Null(fit.PeakConcurrency);
        AssertClose(21.84884 / 0.05777078, fit.AmdahlCeiling!.Value, 1e-4);
    }

    [Fact]
    public void Fit_Raytracer_MatchesRStandardErrorsIncludingTheBoundCoefficient()
    {
        var fit = UslFitter.Fit(ReferenceDatasets.Raytracer);

        AssertClose(0.013293, fit.Sigma.StandardError!.Value, 1e-3);
        AssertClose(0.00011792, fit.Kappa.StandardError!.Value, 1e-3);
        AssertClose(2.1962, fit.Lambda.StandardError!.Value, 1e-3);
    }

    [Fact]
    public void Fit_Schwartz_MatchesPublishedCoefficientsAndPeak()
    {
        var fit = UslFitter.Fit(ReferenceDatasets.Schwartz);

        AssertClose(0.02671591, fit.Model.Sigma, 1e-4);
        AssertClose(7.690945e-4, fit.Model.Kappa, 1e-4);
        AssertClose(995.6486, fit.Model.Lambda, 1e-4);
        Assert.Equal(35, fit.PeakConcurrencyFloor);
        AssertClose(12341.745, fit.PeakThroughput!.Value, 1e-4);
    }

    [Fact]
    public void Fit_UslPackageCoefTest_RecoversTheExactCoefficients()
    {
        var fit = UslFitter.Fit(ReferenceDatasets.UslPackageCoefTest);

        AssertClose(0.02, fit.Model.Sigma, 1e-3);
        AssertClose(0.02, fit.Model.Kappa, 1e-3);
        AssertClose(1.0, fit.Model.Lambda, 1e-4);
    }

    public static TheoryData<string, double, double, double, double, double, double, double> RReferenceFits => new()
    {
        // name, sigma, kappa, lambda, rss, se(sigma), se(kappa), se(lambda): R 4.2.2 nls(algorithm = "port") with the
        // usl package's bounds and start (see ReferenceDatasets).
        { nameof(ReferenceDatasets.SpecSdm91WithoutOne), 0.028168974, 0.00010409211, 90.702429, 26806.309, 0.0106865, 2.28652e-05, 16.6602 },
        { nameof(ReferenceDatasets.RepeatedLoads), 0.050171943, 0.0020038151, 100.07782, 1611.8071, 0.00763697, 0.000154732, 3.37108 },
        { nameof(ReferenceDatasets.ContentionNoOne), 0.056210183, 6.0966045e-05, 103.86225, 163.91694, 0.00254693, 2.35162e-05, 1.88035 },
        { nameof(ReferenceDatasets.SpecSdm91), 0.02772847, 1.043655e-04, 89.99523, 27453.72, 9.1217e-03, 1.9875e-05, 14.213 },
        { nameof(ReferenceDatasets.Schwartz), 0.02671595, 7.690939e-04, 995.6488, 1.023850e+06, 4.4938e-03, 8.6454e-05, 28.698 },
    };

    [Theory]
    [MemberData(nameof(RReferenceFits))]
    public void Fit_DatasetFittedByR_MatchesRsCoefficientsObjectiveAndErrors(
        string dataset, double sigma, double kappa, double lambda, double rss, double seSigma, double seKappa, double seLambda)
    {
        var fit = UslFitter.Fit(Dataset(dataset));

        AssertClose(sigma, fit.Model.Sigma, 1e-4);
        AssertClose(kappa, fit.Model.Kappa, 1e-4);
        AssertClose(lambda, fit.Model.Lambda, 1e-4);
        Assert.True(fit.ResidualSumOfSquares <= rss * (1 + 1e-6), $"RSS {fit.ResidualSumOfSquares} is worse than R's {rss}");
        AssertClose(seSigma, fit.Sigma.StandardError!.Value, 1e-3);
        AssertClose(seKappa, fit.Kappa.StandardError!.Value, 1e-3);
        AssertClose(seLambda, fit.Lambda.StandardError!.Value, 1e-3);
    }

    [Theory]
    [InlineData(nameof(ReferenceDatasets.SpecSdm91))]
    [InlineData(nameof(ReferenceDatasets.Raytracer))]
    [InlineData(nameof(ReferenceDatasets.Schwartz))]
    [InlineData(nameof(ReferenceDatasets.SpecSdm91WithoutOne))]
    [InlineData(nameof(ReferenceDatasets.RepeatedLoads))]
    [InlineData(nameof(ReferenceDatasets.ContentionNoOne))]
    public void Fit_ReferenceDataset_NoPointOfADenseGridHasALowerObjective(string dataset)
    {
        var points = Dataset(dataset);
        var fit = UslFitter.Fit(points);

        var n = points.Select(p => p.N).ToArray();
        var x = points.Select(p => p.Throughput).ToArray();
        var best = double.PositiveInfinity;
        // 200 × 200 over σ ∈ {0} ∪ [1e-6, 1] and κ ∈ {0} ∪ [1e-9, 1] (log), λ in closed form: an independent brute force.
        for (var i = 0; i < 200; i++)
        {
            var sigma = i == 0 ? 0 : Math.Pow(10, -6 + 6.0 * i / 199);
            for (var j = 0; j < 200; j++)
            {
                var kappa = j == 0 ? 0 : Math.Pow(10, -9 + 9.0 * j / 199);
                best = Math.Min(best, UslSolver.Evaluate(n, x, sigma, kappa).Rss);
            }
        }

        Assert.True(fit.ResidualSumOfSquares <= best * (1 + 1e-9), $"fit RSS {fit.ResidualSumOfSquares} > grid RSS {best}");
    }

    [Fact]
    public void Fit_RandomDatasetsFittedByR_ReachRsOptimumAndCoefficients()
    {
        var failures = new List<string>();
        foreach (var line in RandomDatasetsFittedByR.Lines)
        {
            var halves = line.Split(" | ");
            var head = halves[0].Split(' ');
            var r = head[2..6].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var points = halves[1].Split(' ').Select(p => p.Split(':'))
                .Select(p => new ScalabilityPoint(double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))
                .ToArray();

            var fit = UslFitter.Fit(points);

            // Equal objectives within rounding (an exact fit's RSS is rounding noise, hence the floor).
            var floor = 1e-18 * points.Sum(p => p.Throughput * p.Throughput);
            if (fit.ResidualSumOfSquares > r[3] * (1 + 1e-7) + floor)
            {
                failures.Add($"{head[0]}: RSS {fit.ResidualSumOfSquares:G10} worse than R's {r[3]:G10}");
            }
            else if (!SameTo3Figures(r[0], fit.Model.Sigma, 1e-7) || !SameTo3Figures(r[1], fit.Model.Kappa, 1e-10)
                     || !SameTo3Figures(r[2], fit.Model.Lambda, 0))
            {
                failures.Add($"{head[0]}: ({fit.Model.Sigma:G6}, {fit.Model.Kappa:G6}, {fit.Model.Lambda:G6}) vs R ({r[0]:G6}, {r[1]:G6}, {r[2]:G6})");
            }
        }

        Assert.Empty(failures);

        // Half a unit in the fourth figure, or an absolute floor for a coefficient that is 0 to rounding.
        static bool SameTo3Figures(double expected, double actual, double floor) =>
            Math.Abs(expected - actual) <= Math.Max(5e-4 * Math.Abs(expected), floor);
    }

    [Theory]
    [InlineData(0.03, 0.0005, 500, 1, 40)]
    [InlineData(0.1, 0, 50, 1, 64)]
    [InlineData(0, 0.0001, 1000, 1, 200)]
    [InlineData(0.001, 1e-6, 2000, 10, 2000)]
    [InlineData(0.5, 0.01, 10, 1, 20)]
    [InlineData(0.02, 0.0003, 1e6, 2, 100)]
    public void Fit_ExactSyntheticData_RecoversTheCoefficients(double sigma, double kappa, double lambda, double from, double to)
    {
        var model = new UslModel(sigma, kappa, lambda);
        var loads = Enumerable.Range(0, 12).Select(i => Math.Round(from + (to - from) * i / 11));
        var points = loads.Select(n => new ScalabilityPoint(n, model.Throughput(n))).ToArray();

        var fit = UslFitter.Fit(points);

        Assert.Equal(sigma, fit.Model.Sigma, 1e-6 * Math.Max(sigma, 1e-3));
        Assert.Equal(kappa, fit.Model.Kappa, 1e-6 * Math.Max(kappa, 1e-6));
        AssertClose(lambda, fit.Model.Lambda, 1e-6);
    }

    [Fact]
    public void Fit_NoisySyntheticData_IntervalsCoverTheTruthAboutAsOftenAsTheyClaim()
    {
        var truth = new UslModel(0.03, 0.0005, 500);
        double[] loads = [1, 2, 4, 6, 8, 12, 16, 20, 24, 32, 40, 48, 56, 64];
        int sigmaCovered = 0, kappaCovered = 0, lambdaCovered = 0;
        const int runs = 40;

        for (var seed = 1; seed <= runs; seed++)
        {
            var fit = UslFitter.Fit(ReferenceDatasets.Synthetic(truth, loads, 0.03, seed));
            sigmaCovered += fit.Sigma.ConfidenceInterval!.Value.Contains(truth.Sigma) ? 1 : 0;
            kappaCovered += fit.Kappa.ConfidenceInterval!.Value.Contains(truth.Kappa) ? 1 : 0;
            lambdaCovered += fit.Lambda.ConfidenceInterval!.Value.Contains(truth.Lambda) ? 1 : 0;
        }

        // Nominal 95%; multiplicative noise makes the Wald interval approximate, so allow down to 85%.
        Assert.InRange(sigmaCovered, 34, runs);
        Assert.InRange(kappaCovered, 34, runs);
        Assert.InRange(lambdaCovered, 34, runs);
    }

    [Theory]
    [InlineData(1e-6)]
    [InlineData(3600)]
    [InlineData(1e9)]
    public void Fit_ThroughputInOtherUnits_GivesTheSameSigmaAndKappa(double factor)
    {
        var baseline = UslFitter.Fit(ReferenceDatasets.SpecSdm91);
        var scaled = UslFitter.Fit(ReferenceDatasets.SpecSdm91.Select(p => p with { Throughput = p.Throughput * factor }).ToArray());

        AssertClose(baseline.Model.Sigma, scaled.Model.Sigma, 1e-6);
        AssertClose(baseline.Model.Kappa, scaled.Model.Kappa, 1e-6);
        AssertClose(baseline.Model.Lambda * factor, scaled.Model.Lambda, 1e-6);
        AssertClose(baseline.Lambda.StandardError!.Value * factor, scaled.Lambda.StandardError!.Value, 1e-6);
        AssertClose(baseline.Sigma.StandardError!.Value, scaled.Sigma.StandardError!.Value, 1e-6);
    }

    [Fact]
    public void Fit_ShuffledPoints_GivesTheSameFit()
    {
        var shuffled = ReferenceDatasets.Schwartz.ToArray();
        new Random(11).Shuffle(shuffled);

        var fit = UslFitter.Fit(shuffled);

        AssertClose(0.02671591, fit.Model.Sigma, 1e-4);
        AssertClose(7.690945e-4, fit.Model.Kappa, 1e-4);
    }

    [Fact]
    public void Fit_Amdahl_FixesKappaAtZeroAndCountsTwoCoefficients()
    {
        var fit = UslFitter.Fit(ReferenceDatasets.SpecSdm91, ScalabilityModelKind.Amdahl);

        Assert.Equal(0, fit.Model.Kappa);
        Assert.True(fit.Kappa.Fixed);
        Assert.Null(fit.Kappa.StandardError);
        Assert.Equal(2, fit.ParameterCount);
        Assert.Empty(fit.AtBound);
    }

    [Fact]
    public void Fit_Linear_IsLeastSquaresThroughTheOrigin()
    {
        var points = ReferenceDatasets.Points([1, 2, 3, 4], [10, 21, 29, 41]);

        var fit = UslFitter.Fit(points, ScalabilityModelKind.Linear);

        // λ = Σ N·X / Σ N².
        Assert.Equal((10 + 42 + 87 + 164) / 30.0, fit.Model.Lambda, 1e-12);
        Assert.Equal(0, fit.Model.Sigma);
        Assert.Equal(0, fit.Model.Kappa);
    }

    [Fact]
    public void Fit_ConfidenceLevel_WidensTheInterval()
    {
        var at95 = UslFitter.Fit(ReferenceDatasets.SpecSdm91);
        var at99 = UslFitter.Fit(ReferenceDatasets.SpecSdm91, 0.99);

        var width95 = at95.Sigma.ConfidenceInterval!.Value.Upper - at95.Sigma.ConfidenceInterval.Value.Lower;
        var width99 = at99.Sigma.ConfidenceInterval!.Value.Upper - at99.Sigma.ConfidenceInterval.Value.Lower;
        Assert.True(width99 > width95);
        // t(0.975, 4) = 2.776: the 95% interval is estimate ± 2.776 SE.
        Assert.Equal(2.776445 * at95.Sigma.StandardError!.Value, width95 / 2, 1e-6);
    }

    internal static ScalabilityPoint[] Dataset(string name) =>
        (ScalabilityPoint[])typeof(ReferenceDatasets).GetProperty(name)!.GetValue(null)!;

    /// <summary>Relative agreement; 1e-4 is tighter than "three significant figures".</summary>
    internal static void AssertClose(double expected, double actual, double relative)
    {
        var tolerance = relative * Math.Abs(expected);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:G8}, got {actual:G8} (relative tolerance {relative})");
    }
}
