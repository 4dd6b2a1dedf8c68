using System.Text.Json;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;
using static ScaleLab.Core.Tests.Diagnosis.Steps;

namespace ScaleLab.Core.Tests.Diagnosis;

public sealed class DiagnoseResultTests
{
    [Fact]
    public void Serialize_Diagnosis_WritesTheDocumentedFields()
    {
        var steps = Usl(0.01, 0.01, lambda: 200, cpu: _ => 10);
        var judgement = VerdictRules.Judge(Input(steps));

        using var document = JsonDocument.Parse(ResultJson.Serialize(Result(steps, judgement)));
        var root = document.RootElement;

        Assert.Equal("diagnose", root.GetProperty("kind").GetString());
        Assert.Equal(ResultHeader.CurrentSchemaVersion, root.GetProperty("schemaVersion").GetInt32());
        Assert.True(root.GetProperty("machine").GetProperty("cores").GetInt32() > 0);
        Assert.Equal("scalelab diagnose http://127.0.0.1/", root.GetProperty("commandLine").GetString());
        var verdict = root.GetProperty("verdict");
        Assert.Equal("scalability", verdict.GetProperty("kind").GetString());
        Assert.Equal("coherency", verdict.GetProperty("cause").GetString());
        Assert.False(string.IsNullOrEmpty(verdict.GetProperty("summary").GetString()));
        Assert.True(verdict.GetProperty("evidence").GetArrayLength() > 0);
        Assert.True(verdict.GetProperty("advice").GetArrayLength() > 0);
        var step = root.GetProperty("steps")[1];
        Assert.Equal(2, step.GetProperty("concurrency").GetInt32());
        Assert.True(step.GetProperty("throughput").GetDouble() > 0);
        foreach (var field in new[] { "p50", "p90", "p99", "max" })
        {
            Assert.True(step.GetProperty("latencyMs").GetProperty(field).GetDouble() > 0, field);
        }

        Assert.Equal(0, step.GetProperty("errors").GetInt64());
        Assert.Equal(10, step.GetProperty("cpuPercent").GetDouble());
        Assert.Equal("p99", root.GetProperty("slo").GetProperty("percentile").GetString());
        Assert.Equal(200, root.GetProperty("slo").GetProperty("thresholdMs").GetDouble());
        // The judgement's confidence, written as it is: the level in lower case and every note's code.
        var confidence = root.GetProperty("confidence");
        Assert.Equal(judgement.Confidence.Level.ToString().ToLowerInvariant(), confidence.GetProperty("level").GetString());
        Assert.Equal(
            judgement.Confidence.Notes.Select(n => n.Code),
            confidence.GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("code").GetString()));
        Assert.Equal("maxUsers", root.GetProperty("ramp").GetProperty("reason").GetString());
    }

    [Fact]
    public void Serialize_Diagnosis_WritesUslAsFitDoes()
    {
        var steps = Usl(0.01, 0.01, lambda: 200, cpu: _ => 10);
        var judgement = VerdictRules.Judge(Input(steps));
        var fit = FitResult.Create(ResultHeader.Create("fit", DateTimeOffset.UnixEpoch, "scalelab fit"),
            new FitSource("x.csv", "csv", "n", "x", steps.Count, []), judgement.Analysis!);

        using var diagnose = JsonDocument.Parse(ResultJson.Serialize(Result(steps, judgement)));
        using var fitted = JsonDocument.Parse(ResultJson.Serialize(fit));

        Assert.Equal(fitted.RootElement.GetProperty("usl").GetRawText(), diagnose.RootElement.GetProperty("usl").GetRawText());
    }

    [Fact]
    public void Serialize_NothingMeasured_WritesNullVerdictAndUsl()
    {
        var judgement = VerdictRules.Judge(Input([]));

        using var document = JsonDocument.Parse(ResultJson.Serialize(Result([], judgement)));

        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("verdict").ValueKind);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("usl").ValueKind);
        Assert.Equal("low", document.RootElement.GetProperty("confidence").GetProperty("level").GetString());
    }

    private static DiagnoseResult Result(List<DiagnoseStep> steps, Judgement judgement) => DiagnoseResult.Create(
        ResultHeader.Create("diagnose", DateTimeOffset.UnixEpoch, "scalelab diagnose http://127.0.0.1/"),
        "http://127.0.0.1/",
        users: 32,
        maxUsers: 32,
        Slo.Default,
        baseline: null,
        steps,
        new RampStop(RampStopReason.MaxUsers, "every planned step was measured"),
        TimeSpan.FromSeconds(12),
        watch: null,
        judgement,
        interrupted: false);
}
