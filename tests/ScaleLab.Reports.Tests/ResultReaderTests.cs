using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;
using ScaleLab.Core.Scaling;

namespace ScaleLab.Reports.Tests;

public sealed class ResultReaderTests
{
    [Fact]
    public void Read_EachKindWrittenByCore_ReturnsItsType()
    {
        Assert.IsType<RunResult>(ResultReader.Read(ResultJson.Serialize(ReportSamples.Run()), "r.json").Result);
        Assert.IsType<FitResult>(ResultReader.Read(ResultJson.Serialize(ReportSamples.Fit()), "f.json").Result);
        Assert.IsType<DiagnoseResult>(ResultReader.Read(ResultJson.Serialize(ReportSamples.Diagnose()), "d.json").Result);
        Assert.IsType<ScaleResult>(ResultReader.Read(ResultJson.Serialize(ReportSamples.Scale()), "s.json").Result);
    }

    [Fact]
    public void Read_RunWithIntervalsAndHistogram_KeepsThem()
    {
        var run = ReportSamples.Run();

        var read = (RunResult)ResultReader.Read(ResultJson.Serialize(run), "r.json").Result;

        Assert.Equal(30, read.Intervals.Count);
        Assert.Equal(run.LatencyHistogram, read.LatencyHistogram);
        Assert.Equal(3, read.ByName.Count);
        Assert.Equal(2, read.Thresholds.Count);
    }

    [Fact]
    public void Read_RealDiagnoseOfTheLab_ReadsItsStepsAndFit()
    {
        var result = (DiagnoseResult)ReportSamples.RealDiagnose().Result;

        Assert.Equal("diagnose", result.Kind);
        Assert.True(result.Steps.Count >= 3);
        Assert.NotNull(result.Usl);
    }

    [Theory]
    [InlineData("not json", "x.json: not JSON")]
    [InlineData("[1, 2]", "x.json: not a ScaleLab result (the JSON is not an object)")]
    [InlineData("{\"schemaVersion\": 1}", "x.json: not a ScaleLab result (no \"kind\" field)")]
    [InlineData("{\"kind\": \"lab-status\"}", "x.json: a result of kind \"lab-status\" has no report (known kinds: run, fit, diagnose, scale, plan)")]
    [InlineData("{\"kind\": \"run\", \"target\": 5}", "x.json: not a valid run result")]
    public void Read_BadInput_ThrowsOneLineNamingTheFile(string json, string expected)
    {
        var ex = Assert.Throws<ReportInputException>(() => ResultReader.Read(json, "x.json"));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
