using System.Text.Json;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Tests.Scalability;

public class ScalabilityAnalyzerTests
{
    [Fact]
    public void Analyze_RetrogradeThroughput_PrefersTheUsl()
    {
        var analysis = ScalabilityAnalyzer.Analyze(ReferenceDatasets.SpecSdm91);

        Assert.Equal(ScalabilityModelKind.Usl, analysis.Preferred);
        Assert.Same(analysis.Usl, analysis.PreferredFit);
    }

    [Fact]
    public void Analyze_KappaOnItsBound_PrefersAmdahlAndWarnsThereIsNoPeak()
    {
        var analysis = ScalabilityAnalyzer.Analyze(ReferenceDatasets.Raytracer);

        Assert.Equal(ScalabilityModelKind.Amdahl, analysis.Preferred);
        Assert.Equal(analysis.Amdahl.Model.Sigma, analysis.Usl.Model.Sigma, 1e-9);
        Assert.Contains(analysis.Warnings, w => w.Code == FitWarnings.NoCoherencyCode);
    }

    [Fact]
    public void Analyze_LinearData_PrefersLinear()
    {
        var points = ReferenceDatasets.Synthetic(new UslModel(0, 0, 100), [1, 2, 4, 8, 16, 32, 64], 0.01, seed: 7);

        var analysis = ScalabilityAnalyzer.Analyze(points);

        Assert.Equal(ScalabilityModelKind.Linear, analysis.Preferred);
    }

    [Fact]
    public void Analyze_ContentionOnly_PrefersAmdahl()
    {
        var points = ReferenceDatasets.Synthetic(new UslModel(0.05, 0, 100), [1, 2, 4, 8, 16, 32, 64, 96, 128], 0.01, seed: 3);

        var analysis = ScalabilityAnalyzer.Analyze(points);

        Assert.Equal(ScalabilityModelKind.Amdahl, analysis.Preferred);
    }

    [Fact]
    public void Analyze_FewerThanSixPoints_WarnsAboutAccuracy()
    {
        var analysis = ScalabilityAnalyzer.Analyze(ReferenceDatasets.SpecSdm91[..5]);

        Assert.Contains(analysis.Warnings, w => w.Code == FitWarnings.FewPointsCode);
    }

    [Fact]
    public void Analyze_SixPoints_DoesNotWarnAboutAccuracy()
    {
        var analysis = ScalabilityAnalyzer.Analyze(ReferenceDatasets.SpecSdm91[..6]);

        Assert.DoesNotContain(analysis.Warnings, w => w.Code == FitWarnings.FewPointsCode);
    }

    [Fact]
    public void Analyze_ThreePoints_FitsWithoutIntervalsAndSaysWhy()
    {
        var analysis = ScalabilityAnalyzer.Analyze(ReferenceDatasets.Points([1, 4, 16], [100, 350, 900]));

        Assert.Null(analysis.Usl.Sigma.StandardError);
        Assert.Null(analysis.Usl.Sigma.ConfidenceInterval);
        Assert.Contains(analysis.Warnings, w => w.Code == FitWarnings.NoDegreesOfFreedomCode);
        AssertAllFinite(analysis);
    }

    [Fact]
    public void Analyze_EfficiencyAboveOne_WarnsSuperLinear()
    {
        var points = ReferenceDatasets.Points([1, 2, 4, 8, 16, 32], [100, 260, 430, 800, 1300, 1800]);

        var analysis = ScalabilityAnalyzer.Analyze(points);

        Assert.Contains(analysis.Points, p => p.Efficiency > 1);
        Assert.Contains(analysis.Warnings, w => w.Code == FitWarnings.SuperLinearCode);
    }

    [Fact]
    public void Analyze_PeakFarBeyondTheData_Warns()
    {
        var points = ReferenceDatasets.Synthetic(new UslModel(0.01, 1e-5, 100), [1, 2, 4, 8, 16, 24, 32], 0, seed: 1);

        var analysis = ScalabilityAnalyzer.Analyze(points);

        Assert.Contains(analysis.Warnings, w => w.Code == FitWarnings.PeakBeyondDataCode);
    }

    [Fact]
    public void Analyze_PointsCarryEfficiencyAndOverheadShares()
    {
        var analysis = ScalabilityAnalyzer.Analyze(ReferenceDatasets.SpecSdm91);

        var point = analysis.Points[3];
        Assert.Equal(72, point.N);
        Assert.Equal(1853.2, point.Throughput);
        Assert.Equal(point.Throughput - point.Fitted, point.Residual, 1e-9);
        Assert.Equal(1853.2 / (analysis.Usl.Model.Lambda * 72), point.Efficiency, 1e-12);
        Assert.Equal(1, analysis.Usl.Model.Efficiency(72) + point.ContentionShare + point.CoherencyShare, 1e-12);
        Assert.Equal(1000 * 72 / 1853.2, point.LatencyMs!.Value, 1e-9);
    }

    public static TheoryData<string, double[], double[], string> UnfittableInputs => new()
    {
        { "no points", [], [], "no data points" },
        { "one point", [1], [100], "only 1 point" },
        { "two points", [1, 2], [100, 180], "only 2 points" },
        { "a single repeated N", [4, 4, 4, 4, 4], [100, 101, 99, 100, 102], "at 1 load (N = 4)" },
        { "two loads", [1, 1, 2, 2], [100, 101, 180, 181], "at least 3 different values of N" },
        { "NaN throughput", [1, 2, 4], [100, double.NaN, 300], "throughput is NaN" },
        { "NaN N", [1, double.NaN, 4], [100, 200, 300], "N is NaN" },
        { "infinite throughput", [1, 2, 4], [100, double.PositiveInfinity, 300], "throughput is infinite" },
        { "negative throughput", [1, 2, 4], [100, -5, 300], "must not be negative" },
        { "zero N", [0, 2, 4], [100, 200, 300], "N must be positive" },
        { "negative N", [-1, 2, 4], [100, 200, 300], "N must be positive" },
        { "huge N", [1, 2, 1e12], [100, 200, 300], "too large" },
        { "huge throughput", [1, 2, 4], [100, 1e200, 300], "too large" },
        { "all zero", [1, 2, 4], [0, 0, 0], "every throughput is 0" },
    };

    [Theory]
    [MemberData(nameof(UnfittableInputs))]
    public void Analyze_UnfittableInput_ThrowsAOneLineMessage(string scenario, double[] n, double[] x, string expected)
    {
        var error = Assert.Throws<ScalabilityDataException>(() => ScalabilityAnalyzer.Analyze(ReferenceDatasets.Points(n, x)));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(string.IsNullOrEmpty(scenario));
    }

    public static TheoryData<string, double[], double[]> AwkwardButFittableInputs => new()
    {
        { "constant throughput", [1, 2, 4, 8, 16], [100, 100, 100, 100, 100] },
        { "falling from the start", [1, 2, 4, 8, 16], [100, 60, 30, 15, 7] },
        { "some zeros", [1, 2, 4, 8, 16, 32], [0, 190, 350, 600, 0, 700] },
        { "tiny values", [1, 2, 4, 8, 16], [1e-12, 1.9e-12, 3.4e-12, 5.6e-12, 7e-12] },
        { "large values", [1, 2, 4, 8, 16], [1e12, 1.9e12, 3.4e12, 5.6e12, 7e12] },
        { "large N", [1000, 10000, 100000, 1000000, 10000000], [1e3, 9e3, 7e4, 3e5, 4e5] },
        { "fractional N", [0.5, 1, 1.5, 2, 4], [50, 98, 140, 180, 300] },
        { "exactly three points", [1, 2, 3], [10, 20, 30] },
        { "noise only", [1, 2, 3, 4, 5, 6], [100, 30, 250, 10, 180, 60] },
        { "a spike", [1, 2, 4, 8, 16, 32], [100, 200, 400, 100000, 1600, 3200] },
    };

    [Theory]
    [MemberData(nameof(AwkwardButFittableInputs))]
    public void Analyze_AwkwardInput_ReturnsAFiniteAnalysis(string scenario, double[] n, double[] x)
    {
        var analysis = ScalabilityAnalyzer.Analyze(ReferenceDatasets.Points(n, x));

        AssertAllFinite(analysis);
        Assert.InRange(analysis.Usl.Model.Sigma, 0, 1);
        Assert.InRange(analysis.Usl.Model.Kappa, 0, 1);
        Assert.True(analysis.Usl.Model.Lambda > 0, scenario);
    }

    [Fact]
    public void Analyze_ConstantThroughput_IsFullySerialisedAndSaysSo()
    {
        var analysis = ScalabilityAnalyzer.Analyze(ReferenceDatasets.Points([1, 2, 4, 8, 16], [100, 100, 100, 100, 100]));

        Assert.Equal(1, analysis.Usl.Model.Sigma, 1e-9);
        Assert.Contains(analysis.Warnings, w => w.Code == FitWarnings.ConstantThroughputCode);
    }

    [Fact]
    public void Analyze_ZeroThroughputAtSomeLoad_Warns()
    {
        var analysis = ScalabilityAnalyzer.Analyze(ReferenceDatasets.Points([1, 2, 4, 8, 16, 32], [100, 190, 350, 600, 0, 700]));

        Assert.Contains(analysis.Warnings, w => w.Code == FitWarnings.ZeroThroughputCode);
        Assert.Null(analysis.Points[4].LatencyMs);
    }

    [Fact]
    public void FitResult_Serialized_HasTheDocumentedFields()
    {
        var analysis = ScalabilityAnalyzer.Analyze(ReferenceDatasets.Raytracer);
        var header = ResultHeader.Create("fit", DateTimeOffset.UnixEpoch, "scalelab fit raytracer.csv");
        var source = new FitSource("raytracer.csv", "csv", "processors", "throughput", 11, []);

        var json = ResultJson.Serialize(FitResult.Create(header, source, analysis, [analysis.Predict(200)]));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal("fit", root.GetProperty("kind").GetString());
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.True(root.TryGetProperty("machine", out _));
        var usl = root.GetProperty("usl");
        Assert.Equal(2, usl.GetProperty("sigmaCi").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, usl.GetProperty("peakConcurrency").ValueKind);
        Assert.Equal("kappa", usl.GetProperty("atBound")[0].GetString());
        Assert.True(usl.GetProperty("amdahlCeiling").GetDouble() > 0);
        Assert.True(root.GetProperty("amdahl").TryGetProperty("r2", out _));
        Assert.Equal("amdahl", root.GetProperty("preferred").GetString());
        Assert.Equal(11, root.GetProperty("points").GetArrayLength());
        Assert.True(root.GetProperty("points")[0].TryGetProperty("efficiency", out _));
        Assert.Contains(root.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == FitWarnings.ExtrapolationCode);
    }

    /// <summary>No NaN or infinity anywhere in the analysis, as JSON would show it.</summary>
    private static void AssertAllFinite(ScalabilityAnalysis analysis)
    {
        var header = ResultHeader.Create("fit", DateTimeOffset.UnixEpoch, "test");
        var predictions = new[] { 1.0, 10, 1000 }.Select(analysis.Predict).ToArray();
        var json = ResultJson.Serialize(FitResult.Create(header, new FitSource("t", "csv", "n", "x", 0, []), analysis, predictions,
            analysis.Usl.AtLatencyTarget(TimeSpan.FromMilliseconds(200))));

        Assert.DoesNotContain("NaN", json);
        Assert.DoesNotContain("Infinity", json);
    }
}
