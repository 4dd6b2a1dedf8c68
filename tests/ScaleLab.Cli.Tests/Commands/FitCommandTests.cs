using System.Text.Json;
using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class FitCommandTests : IDisposable
{
    private const string SpecSdm91 = "load,throughput\n1,64.9\n18,995.9\n36,1652.4\n72,1853.2\n108,1828.9\n144,1775.0\n216,1702.2\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-fit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Fit_Csv_WritesJsonWithTheDocumentedFields()
    {
        var csv = Write("specsdm91.csv", SpecSdm91);
        var json = Path.Combine(_directory, "fit.json");

        var exit = await CliApp.RunAsync(["fit", csv, "--json", json]);

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.Equal("fit", root.GetProperty("kind").GetString());
        foreach (var field in new[] { "schemaVersion", "scalelabVersion", "startedAt", "commandLine", "machine", "warnings" })
        {
            Assert.True(root.TryGetProperty(field, out _), $"missing {field}");
        }

        var usl = root.GetProperty("usl");
        Assert.Equal(0.02773, usl.GetProperty("sigma").GetDouble(), 1e-5);
        Assert.Equal(0.0001044, usl.GetProperty("kappa").GetDouble(), 1e-7);
        Assert.Equal(89.995, usl.GetProperty("lambda").GetDouble(), 1e-2);
        foreach (var interval in new[] { "sigmaCi", "kappaCi", "lambdaCi" })
        {
            Assert.Equal(2, usl.GetProperty(interval).GetArrayLength());
        }

        Assert.Equal(96.52, usl.GetProperty("peakConcurrency").GetDouble(), 1e-2);
        Assert.True(usl.GetProperty("peakThroughput").GetDouble() > 1800);
        Assert.True(usl.GetProperty("amdahlCeiling").GetDouble() > 0);
        Assert.Equal(0.9896, usl.GetProperty("r2").GetDouble(), 1e-4);
        Assert.Equal(82.85, usl.GetProperty("residualStdError").GetDouble(), 1e-2);
        Assert.Equal(0, usl.GetProperty("atBound").GetArrayLength());
        var amdahl = root.GetProperty("amdahl");
        Assert.True(amdahl.TryGetProperty("sigma", out _) && amdahl.TryGetProperty("lambda", out _) && amdahl.TryGetProperty("r2", out _));
        Assert.Equal("usl", root.GetProperty("preferred").GetString());
        var points = root.GetProperty("points");
        Assert.Equal(7, points.GetArrayLength());
        Assert.Equal(72, points[3].GetProperty("n").GetDouble());
        Assert.Equal(1853.2, points[3].GetProperty("throughput").GetDouble());
        Assert.Equal(1850, points[3].GetProperty("fitted").GetDouble(), 1.0);
        Assert.Equal(0.2860, points[3].GetProperty("efficiency").GetDouble(), 1e-4);
    }

    [Fact]
    public async Task Fit_ScaleLabResultWithReplicaSteps_Fits()
    {
        var steps = string.Join(", ", new[] { (1, 950.0), (2, 1800.0), (4, 3300.0), (8, 5200.0), (16, 6900.0), (32, 7400.0) }
            .Select(s => $$"""{ "replicas": {{s.Item1}}, "throughput": {{s.Item2}}, "latencyMs": { "p99": 12 } }"""));
        var input = Write("scale.json", $$"""{ "kind": "scale", "schemaVersion": 1, "steps": [ {{steps}} ] }""");
        var json = Path.Combine(_directory, "fit.json");

        var exit = await CliApp.RunAsync(["fit", input, "--json", json]);

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("replicas", document.RootElement.GetProperty("source").GetProperty("nColumn").GetString());
        Assert.Equal(6, document.RootElement.GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task Fit_NamedColumns_ReadsThem()
    {
        var csv = Write("runs.csv", "run,p99,users,rps\na,5,1,100\nb,6,2,190\nc,7,4,350\nd,9,8,600\ne,12,16,900\nf,20,32,1100\n");
        var json = Path.Combine(_directory, "fit.json");

        var exit = await CliApp.RunAsync(["fit", csv, "--n", "users", "--x", "rps", "--json", json]);

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(100, document.RootElement.GetProperty("points")[0].GetProperty("throughput").GetDouble());
    }

    [Fact]
    public async Task Fit_PredictLatencyTargetAndWhatIf_AddTheirSections()
    {
        var csv = Write("specsdm91.csv", SpecSdm91);
        var json = Path.Combine(_directory, "fit.json");

        var exit = await CliApp.RunAsync(["fit", csv, "--predict", "150,600", "--latency-target", "200ms", "--kappa", "0", "--json", json]);

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        var predictions = root.GetProperty("predictions");
        Assert.Equal(2, predictions.GetArrayLength());
        Assert.True(predictions[1].GetProperty("extrapolated").GetBoolean());
        Assert.Contains(root.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "extrapolation");
        Assert.Equal(200, root.GetProperty("latencyTarget").GetProperty("targetMs").GetDouble());
        Assert.Equal(0, root.GetProperty("whatIf").GetProperty("kappa").GetDouble());
    }

    [Theory]
    [InlineData("plot.svg", "<svg")]
    [InlineData("plot.png", "\u0089PNG")]
    public async Task Fit_Plot_WritesTheImage(string name, string magic)
    {
        var csv = Write("specsdm91.csv", SpecSdm91);
        var plot = Path.Combine(_directory, name);

        var exit = await CliApp.RunAsync(["fit", csv, "--plot", plot]);

        Assert.Equal(0, exit);
        var head = File.ReadAllBytes(plot).Take(200).Select(b => (char)b).ToArray();
        Assert.Contains(magic, new string(head));
    }

    [Fact]
    public async Task Fit_MissingFile_ExitsTwoWithOneLine()
    {
        var (exit, error) = await ConsoleCapture.RunAsync("fit", Path.Combine(_directory, "nope.csv"));

        Assert.Equal(2, exit);
        AssertOneLine(error, "cannot read");
    }

    [Theory]
    [InlineData("/dev/zero", "a device")]
    [InlineData("/tmp", "a folder")]
    public async Task Fit_DataFileThatIsNotARegularFile_ExitsTwoWithOneLine(string path, string fragment)
    {
        var (exit, error) = await ConsoleCapture.RunAsync("fit", path).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        AssertOneLine(error, fragment);
    }

    [Theory]
    [InlineData("--json", "/proc/scalelab-fit.json")]
    [InlineData("--plot", "/proc/scalelab-fit.svg")]
    [InlineData("--json", "missing/fit.json")]
    [InlineData("--json", "")]
    public async Task Fit_OutputThatCannotBeWritten_ExitsTwoNamingTheOption(string option, string relative)
    {
        var csv = Write("specsdm91.csv", SpecSdm91);
        var path = relative.StartsWith('/') ? relative : Path.Combine(_directory, relative);

        var (exit, error) = await ConsoleCapture.RunAsync("fit", csv, option, path);

        Assert.Equal(2, exit);
        AssertOneLine(error, $"scalelab: {option} ");
    }

    [Theory]
    [InlineData("n,x\n1,100\n")]
    [InlineData("n,x\n1,100\n2,fast\n4,300\n")]
    [InlineData("n,x\n4,100\n4,101\n4,99\n4,100\n")]
    [InlineData("n,x\n1,100\n2,-5\n4,300\n")]
    [InlineData("")]
    [InlineData("{ \"kind\": \"run\" }")]
    public async Task Fit_BadData_ExitsTwoAndLeavesTheJsonFileAlone(string content)
    {
        var csv = Write("bad.csv", content);
        var json = Path.Combine(_directory, "fit.json");
        File.WriteAllText(json, "previous");

        var (exit, error) = await ConsoleCapture.RunAsync("fit", csv, "--json", json);

        Assert.Equal(2, exit);
        AssertOneLine(error, "bad.csv");
        Assert.Equal("previous", File.ReadAllText(json));
    }

    [Theory]
    [InlineData("n,x\n1,100\n2,190,7\n4,350\n8,600\n", "line 3: 3 fields, but the header has 2")]
    [InlineData("n,x,p99\n1,100,5\n2,190\n4,350,7\n8,600,9\n", "line 3: 2 fields, but the header has 3")]
    [InlineData("1,100\n2,190\n4\n8,600\n", "line 3: 1 field, but the first row has 2")]
    public async Task Fit_RaggedCsvRow_ExitsTwoNamingTheLine(string content, string fragment)
    {
        var csv = Write("ragged.csv", content);

        var (exit, error) = await ConsoleCapture.RunAsync("fit", csv);

        Assert.Equal(2, exit);
        AssertOneLine(error, fragment);
    }

    [Theory]
    [InlineData("runs.csv", "users,rps\n1,100\n2,190\n4,350\n8,600\n", "--n", "users", "--x", "users")]
    [InlineData("runs.csv", "users,rps\n1,100\n2,190\n4,350\n8,600\n", "--n", "2", "--x", "rps")]
    [InlineData("steps.json", "[{ \"concurrency\": 1, \"throughput\": 10 }, { \"concurrency\": 2, \"throughput\": 19 }]", "--n", "throughput", "--x", "throughput")]
    public async Task Fit_SameColumnForNAndX_ExitsTwo(string name, string content, params string[] options)
    {
        var file = Write(name, content);

        var (exit, error) = await ConsoleCapture.RunAsync(["fit", file, .. options]);

        Assert.Equal(2, exit);
        AssertOneLine(error, "N and throughput would both be read from");
    }

    [Theory]
    [InlineData("steps.json", "[{ \"concurency\": 1, \"throughput\": 10 }, { \"concurency\": 2, \"throughput\": 19 }]", "step 1: no N field (concurrency, replicas, n) (is 'concurency' a misspelt concurrency?)")]
    [InlineData("runs.csv", "users,rps\n1,100\n2,190\n4,350\n8,600\n", "--n user: no such column (did you mean users?)", "--n", "user")]
    public async Task Fit_MisspeltColumn_ExitsTwoNamingTheNearest(string name, string content, string fragment, params string[] options)
    {
        var file = Write(name, content);

        var (exit, error) = await ConsoleCapture.RunAsync(["fit", file, .. options]);

        Assert.Equal(2, exit);
        AssertOneLine(error, fragment);
    }

    [Fact]
    public async Task Fit_PredictBeyondWhatTheModelComputes_ExitsTwoAndWritesNoStringIntoTheJson()
    {
        var csv = Write("specsdm91.csv", SpecSdm91);
        var json = Path.Combine(_directory, "fit.json");

        var (exit, error) = await ConsoleCapture.RunAsync("fit", csv, "--predict", "1e300", "--json", json);

        Assert.Equal(2, exit);
        AssertOneLine(error, "--predict 1E+300: too large for the fitted model");
        Assert.False(File.Exists(json));
    }

    [Fact]
    public async Task Fit_PredictFarButComputable_PrintsNumbersNotInfinity()
    {
        var csv = Write("specsdm91.csv", SpecSdm91);
        var json = Path.Combine(_directory, "fit.json");

        var (exit, output, _) = await ConsoleCapture.RunWithOutputAsync("fit", csv, "--predict", "1e10", "--json", json);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("Infinity", output);
        Assert.DoesNotContain("NaN", output);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var prediction = document.RootElement.GetProperty("predictions")[0];
        Assert.Equal(JsonValueKind.Number, prediction.GetProperty("latencyMs").ValueKind);
        Assert.Equal(JsonValueKind.Number, prediction.GetProperty("throughput").ValueKind);
    }

    [Fact]
    public async Task Fit_EfficiencyAboveOneOnlyByRounding_GivesNoSuperLinearWarning()
    {
        // 201 / (2 · 100) = 1.005: "1.00" as printed, so no warning that says "above 1 (1.00)".
        var csv = Write("flat.csv", "n,x\n1,100\n2,201\n4,380\n8,700\n16,1100\n");
        var json = Path.Combine(_directory, "fit.json");

        var (exit, output, _) = await ConsoleCapture.RunWithOutputAsync("fit", csv, "--json", json);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("efficiency above 1", output);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        Assert.DoesNotContain(document.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "superLinear");
    }

    [Fact]
    public async Task Fit_EfficiencyClearlyAboveOne_WarnsOfSuperLinearScaling()
    {
        var csv = Write("super.csv", "n,x\n1,100\n2,230\n4,380\n8,700\n16,1100\n");

        var (exit, output, _) = await ConsoleCapture.RunWithOutputAsync("fit", csv);

        Assert.Equal(0, exit);
        Assert.Contains("efficiency above 1 at N = 2 (1.06)", output);
    }

    [Theory]
    [InlineData("--sigma", "2")]
    [InlineData("--kappa", "-1")]
    [InlineData("--lambda", "0")]
    [InlineData("--predict", "ten")]
    [InlineData("--latency-target", "soon")]
    [InlineData("--plot", "chart.jpg")]
    [InlineData("--n", "users")]
    [InlineData("--sigma", "abc")]
    public async Task Fit_BadOption_ExitsTwo(string option, string value)
    {
        var csv = Write("specsdm91.csv", SpecSdm91);

        var (exit, error) = await ConsoleCapture.RunAsync("fit", csv, option, value);

        Assert.Equal(2, exit);
        AssertOneLine(error, "");
    }

    private static void AssertOneLine(string error, string fragment)
    {
        Assert.StartsWith("scalelab: ", error);
        Assert.Contains(fragment, error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
