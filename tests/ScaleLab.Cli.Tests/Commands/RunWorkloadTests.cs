using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.VisualBasic.FileIO;
using ScaleLab.Cli.Output;
using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests.Commands;

/// <summary><c>run</c> with <c>--threshold</c>, <c>--stages</c>, <c>--interval</c> and <c>--csv</c>, against a Kestrel target.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunWorkloadTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-workload-").FullName;
    private KestrelTarget _target = null!;
    private int _requests;

    public async Task InitializeAsync() =>
        _target = await KestrelTarget.StartAsync(app =>
        {
            app.MapGet("/", () =>
            {
                Interlocked.Increment(ref _requests);
                return Results.Text("hello");
            });
            app.MapGet("/missing", () => Results.NotFound());
        });

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Run_ThresholdsThatHold_ExitZeroAndAreStoredInTheJson()
    {
        var json = Path.Combine(_directory, "pass.json");

        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync(
            "run", _target.Uri.ToString(), "-c", "1", "-n", "50", "--threshold", "p99<10s", "--threshold", "errors<1%", "--threshold", "requests>=50", "--json", json);

        Assert.True(exit == 0, error);
        Assert.Contains("passed  p99<10s", output);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var thresholds = document.RootElement.GetProperty("thresholds").EnumerateArray().ToArray();
        Assert.Equal(["p99<10s", "errors<1%", "requests>=50"], thresholds.Select(t => t.GetProperty("expression").GetString()));
        Assert.All(thresholds, t => Assert.True(t.GetProperty("passed").GetBoolean()));
        Assert.Equal(0, thresholds[1].GetProperty("actual").GetDouble());
        Assert.Equal(50, thresholds[2].GetProperty("actual").GetDouble());
    }

    [Fact]
    public async Task Run_AThresholdFails_ExitsOneAndPrintsItAsFailed()
    {
        var json = Path.Combine(_directory, "fail.json");

        var (exit, output, _) = await ConsoleCapture.RunWithOutputAsync(
            "run", _target.Uri.ToString(), "-c", "1", "-n", "20", "--threshold", "p99<10s", "--threshold", "throughput>100000000", "--json", json);

        Assert.Equal(1, exit);
        Assert.Contains("passed  p99<10s", output);
        Assert.Contains("FAILED  throughput>100000000", output);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal([true, false], document.RootElement.GetProperty("thresholds").EnumerateArray().Select(t => t.GetProperty("passed").GetBoolean()));
    }

    [Theory]
    [InlineData("--threshold", "p99<200")]
    [InlineData("--threshold", "p99 < fast")]
    [InlineData("--threshold", "eror<1%")]
    [InlineData("--threshold", "p99{name:order}<1s")]
    [InlineData("--threshold", "rate-achieved>0.9")]
    [InlineData("--threshold", "checks>99%")]
    [InlineData("--stages", "30s")]
    [InlineData("--stages", "1s:-2")]
    [InlineData("--stages", "0s:5")]
    [InlineData("--stages", "1s:2.5")]
    [InlineData("--stages", "1s:0")]
    [InlineData("--stages", "1s:2", "-d", "5s")]
    [InlineData("--stages", "1s:2", "--warmup", "1s")]
    [InlineData("--interval", "1ms")]
    [InlineData("--csv", "/nonexistent/scalelab/run.csv")]
    public async Task Run_BadThresholdStagesOrSeries_ExitsTwoBeforeAnyLoad(params string[] args)
    {
        var (exit, error) = await ConsoleCapture.RunAsync(["run", _target.Uri.ToString(), "-n", "10", .. args]);

        Assert.Equal(2, exit);
        AssertOneLineError(error);
        Assert.Equal(0, Volatile.Read(ref _requests));
    }

    [Fact]
    public async Task Run_NameNotInTheMix_ExitsTwoNamingTheNearestBeforeAnyLoad()
    {
        var mix = Path.Combine(_directory, "mix.json");
        await File.WriteAllTextAsync(mix, """{ "requests": [ { "name": "feed", "path": "/" }, { "name": "order", "path": "/" } ] }""");

        var (exit, error) = await ConsoleCapture.RunAsync("run", _target.Uri.ToString(), "-n", "10", "--requests-file", mix, "--threshold", "p95{name:ordr}<300ms");

        Assert.Equal(2, exit);
        AssertOneLineError(error);
        Assert.Contains("no request is named 'ordr' (did you mean order?); the names are feed, order", error);
        Assert.Equal(0, Volatile.Read(ref _requests));
    }

    [Fact]
    public async Task Run_EveryRequestFails_ExitsOne()
    {
        var (exit, output, _) = await ConsoleCapture.RunWithOutputAsync("run", new Uri(_target.Uri, "/missing").ToString(), "-c", "1", "-n", "20");

        Assert.Equal(1, exit);
        Assert.Contains("FAILED: every one of the 20 requests failed (http4xx: 20)", output);
    }

    [Fact]
    public async Task Run_Csv_WritesTheJsonsTimeSeriesOneRowPerInterval()
    {
        var csv = Path.Combine(_directory, "series.csv");
        var json = Path.Combine(_directory, "series.json");

        var (exit, error) = await ConsoleCapture.RunAsync("run", _target.Uri.ToString(), "-c", "2", "-d", "2s", "--interval", "500ms", "--csv", csv, "--json", json);

        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var intervals = document.RootElement.GetProperty("intervals").EnumerateArray().ToArray();
        // Half-second intervals over two seconds: four, give or take one that a slow wake-up split or merged.
        Assert.InRange(intervals.Length, 3, 5);
        Assert.Equal(document.RootElement.GetProperty("requests").GetInt64(), intervals.Sum(i => i.GetProperty("requests").GetInt64()));

        var rows = ReadCsv(csv);
        Assert.Equal(IntervalCsv.Columns, rows[0]);
        Assert.Equal(intervals.Length, rows.Count - 1);
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            var interval = intervals[r - 1];
            Assert.Equal(IntervalCsv.Columns.Length, row.Length);
            Assert.Equal(interval.GetProperty("t").GetDouble(), double.Parse(row[0], CultureInfo.InvariantCulture));
            Assert.Equal(interval.GetProperty("requests").GetInt64(), long.Parse(row[2], CultureInfo.InvariantCulture));
            Assert.Equal(interval.GetProperty("latencyMs").GetProperty("p99").GetDouble(), double.Parse(row[8], CultureInfo.InvariantCulture));
            // The closed model asks for no rate, and there are no stages: those cells are empty.
            Assert.Equal(["", "", ""], row[^3..]);
        }
    }

    [Fact]
    public async Task Run_ClosedStages_WritesTheStagesAndTheStageOfEachInterval()
    {
        var json = Path.Combine(_directory, "closed-stages.json");

        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync("run", _target.Uri.ToString(), "--stages", "1s:2,1s:0", "--interval", "500ms", "--json", json);

        Assert.True(exit == 0, error);
        Assert.Contains("closed model, ramping users, up to 2", output);
        Assert.Contains("stage 1/2 users", error);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        Assert.Equal([(1.0, 2.0), (1.0, 0.0)], root.GetProperty("stages").EnumerateArray().Select(s => (s.GetProperty("durationSeconds").GetDouble(), s.GetProperty("target").GetDouble())));
        Assert.InRange(root.GetProperty("durationSeconds").GetDouble(), 1.9, 2.1);
        var stages = root.GetProperty("intervals").EnumerateArray().Select(i => i.GetProperty("stage").GetInt32()).ToArray();
        Assert.Equal(stages.Order(), stages);
        Assert.Equal([1, 2], stages.Distinct());
    }

    [Fact]
    public async Task Run_OpenStages_AsksTheMeanRateOfTheRamp()
    {
        var json = Path.Combine(_directory, "open-stages.json");

        // 0 → 100/s over 1 s, then 100/s for 1 s: 50 + 100 arrivals, 75 a second on average.
        var (exit, error) = await ConsoleCapture.RunAsync("run", _target.Uri.ToString(), "-r", "0", "--stages", "1s:100,1s:100", "--threshold", "rate-achieved>0.5", "--json", json);

        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        Assert.Equal(75, root.GetProperty("rateAsked").GetDouble());
        Assert.Equal(75, root.GetProperty("rate").GetDouble());
        Assert.Equal(150, root.GetProperty("arrived").GetInt64());
        Assert.All(root.GetProperty("intervals").EnumerateArray(), i => Assert.True(i.GetProperty("rateAsked").GetDouble() >= 0));
    }

    [Theory]
    [InlineData("p95{name:order}<1s")]
    [InlineData("checks>99%")]
    [InlineData("min<1s")]
    [InlineData("rate-achieved>0.9")]
    [InlineData("p9<1s")]
    public async Task Diagnose_ThresholdItCannotJudge_ExitsTwoBeforeAnyLoad(string threshold)
    {
        var (exit, error) = await ConsoleCapture.RunAsync("diagnose", _target.Uri.ToString(), "--threshold", threshold);

        Assert.Equal(2, exit);
        AssertOneLineError(error);
        Assert.Equal(0, Volatile.Read(ref _requests));
    }

    [Fact]
    public async Task Diagnose_AThresholdFails_ExitsOneAndStoresTheStepItJudged()
    {
        var json = Path.Combine(_directory, "diagnose.json");

        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync(
            "diagnose", _target.Uri.ToString(), "--users", "2", "--warmup", "300ms", "--baseline-duration", "500ms", "--step-duration", "500ms", "--max-duration", "20s",
            "--threshold", "errors<1%", "--threshold", "throughput>100000000", "--json", json);

        Assert.True(exit == 1, error);
        Assert.Contains("thresholds, judged on the step at 2 users", output);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        Assert.Equal(2, root.GetProperty("thresholdUsers").GetInt32());
        Assert.Equal([true, false], root.GetProperty("thresholds").EnumerateArray().Select(t => t.GetProperty("passed").GetBoolean()));
    }

    [Fact]
    public async Task Diagnose_FailingTargetWithThresholds_ExitsTwoBeforeJudgingThem()
    {
        // One user's requests all failing is a precondition that failed (exit 2), which a threshold does not turn into 1.
        var (exit, error) = await ConsoleCapture.RunAsync(
            "diagnose", new Uri(_target.Uri, "/missing").ToString(), "--users", "2", "--warmup", "100ms", "--baseline-duration", "500ms", "--step-duration", "500ms", "--max-duration", "20s",
            "--threshold", "errors<1%");

        Assert.Equal(2, exit);
        Assert.Contains("failed", error);
    }

    private static List<string[]> ReadCsv(string path)
    {
        using var parser = new TextFieldParser(path) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields()!);
        }

        return rows;
    }

    private static void AssertOneLineError(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{error}");
        Assert.StartsWith("scalelab: ", lines[0]);
        Assert.DoesNotContain("   at ", error);
    }
}
