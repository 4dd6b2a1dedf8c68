using System.Text.Json;
using ScaleLab.Cli.Tests.Support;
using ScaleLab.Core.Results;

namespace ScaleLab.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class CompareCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-compare-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Compare_P99ThreeTimesLower_PrintsAPerformanceFixAndWritesJson()
    {
        var before = WriteRun("before.json", seed: 1, scaleMicroseconds: 10_000);
        var after = WriteRun("after.json", seed: 2, scaleMicroseconds: 3_000);
        var json = Path.Combine(_directory, "compare.json");

        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync("compare", before, after, "--json", json);

        Assert.True(exit == 0, error);
        Assert.Contains("a performance fix", output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.Equal("compare", root.GetProperty("kind").GetString());
        Assert.Equal("run", root.GetProperty("comparedKind").GetString());
        var p99 = root.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "p99");
        Assert.True(p99.GetProperty("beyondNoise").GetBoolean());
        Assert.True(p99.GetProperty("pValue").GetDouble() < 0.001);
        Assert.True(p99.GetProperty("relativeChange").GetDouble() < -0.5);
        Assert.StartsWith("p99 ", root.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_FailIfP99Regressed_ExitsOne()
    {
        var before = WriteRun("before.json", seed: 1, scaleMicroseconds: 3_000);
        var after = WriteRun("after.json", seed: 2, scaleMicroseconds: 10_000);

        var (exit, output, _) = await ConsoleCapture.RunWithOutputAsync("compare", before, after, "--fail-if", "p99>+10%", "--fail-if", "errors>+1");

        Assert.Equal(1, exit);
        Assert.Contains("FAILED: p99>+10%", output, StringComparison.Ordinal);
        Assert.Contains("passed: errors>+1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_SameDistributionTwice_FailIfDoesNotHold()
    {
        var before = WriteRun("before.json", seed: 1, scaleMicroseconds: 10_000);
        var after = WriteRun("after.json", seed: 2, scaleMicroseconds: 10_000);

        var (exit, _, error) = await ConsoleCapture.RunWithOutputAsync("compare", before, after, "--fail-if", "p50>+10%");

        Assert.True(exit == 0, error);
    }

    [Fact]
    public async Task Compare_MisspeltFailIf_ExitsTwoBeforeReadingTheFiles()
    {
        var (exit, error) = await ConsoleCapture.RunAsync("compare", "missing-a.json", "missing-b.json", "--fail-if", "p9>+10%");

        Assert.Equal(2, exit);
        Assert.Contains("did you mean p90?", error, StringComparison.Ordinal);
        Assert.DoesNotContain("missing-a.json", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Compare_DifferentKinds_ExitsTwo()
    {
        var run = WriteRun("run.json", seed: 1, scaleMicroseconds: 1000);

        var (exit, error) = await ConsoleCapture.RunAsync("compare", run, RepositoryFiles.Path("samples", "scale-example.json"));

        Assert.Equal(2, exit);
        Assert.Contains("compare results of one kind", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_RepeatedRunsAroundDoubleDash_TestsAcrossRuns()
    {
        var before = Enumerable.Range(0, 5).Select(i => WriteRun($"a{i}.json", seed: i, scaleMicroseconds: 10_000, throughput: 1000 + i)).ToArray();
        var after = Enumerable.Range(0, 5).Select(i => WriteRun($"b{i}.json", seed: 10 + i, scaleMicroseconds: 10_000, throughput: 800 + i)).ToArray();
        var json = Path.Combine(_directory, "compare.json");

        var (exit, _, error) = await ConsoleCapture.RunWithOutputAsync(["compare", "--json", json, .. before, "--", .. after]);

        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(5, document.RootElement.GetProperty("before").GetArrayLength());
        var throughput = document.RootElement.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "throughput");
        Assert.Equal("mann-whitney over runs", throughput.GetProperty("test").GetString());
        Assert.True(throughput.GetProperty("beyondNoise").GetBoolean());
        Assert.Equal(1002, throughput.GetProperty("before").GetDouble());
    }

    [Fact]
    public async Task Compare_RealDiagnosesOfASlowAndAFastEndpoint_ReadsAsTheSeedsPerformanceFix()
    {
        // Two real diagnose results of the demo server: /slow waits 300 ms, /wait 10 ms, neither shares anything.
        var slow = RepositoryFiles.Path("samples", "diagnose-slow.json");
        var fast = RepositoryFiles.Path("samples", "diagnose-wait.json");

        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync("compare", slow, fast, "--fail-if", "p99>+10%", "--fail-if", "sigma>+0.05");

        Assert.True(exit == 0, error);
        Assert.Contains("p99 (one user) 305 ms → 13 ms (−96%, p < 0.001): a performance fix; σ unchanged: scalability unchanged", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_OneFile_ExitsTwo()
    {
        var run = WriteRun("run.json", seed: 1, scaleMicroseconds: 1000);

        var (exit, error) = await ConsoleCapture.RunAsync("compare", run);

        Assert.Equal(2, exit);
        Assert.Contains("two results", error, StringComparison.Ordinal);
    }

    private string WriteRun(string name, int seed, double scaleMicroseconds, double throughput = 1000)
    {
        var random = new Random(seed);
        var histogram = LatencyHistograms.Create();
        for (var i = 0; i < 5000; i++)
        {
            histogram.RecordValue(LatencyHistograms.Clamp((long)(1000 - scaleMicroseconds * Math.Log(1 - random.NextDouble()))));
        }

        var result = new RunResult
        {
            Target = "http://127.0.0.1/",
            Model = "closed",
            Requests = histogram.TotalCount,
            Throughput = throughput,
            LatencyMs = LatencyHistograms.Summarize(histogram),
            LatencyHistogram = LatencyHistogramCodec.Encode(histogram),
            Generator = new GeneratorHealth(0, 0, 0, false, 0, 0, 0),
        }.WithHeader(ResultHeader.Create("run", DateTimeOffset.UnixEpoch, "scalelab run"));
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, ResultJson.Serialize(result));
        return path;
    }
}
