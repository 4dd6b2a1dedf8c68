using System.Text.Json;
using System.Text.Json.Nodes;
using HdrHistogram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ScaleLab.Cli.Output;
using ScaleLab.Cli.Tests.Support;
using ScaleLab.Core.Results;

namespace ScaleLab.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class MergeCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-merge-").FullName;
    private KestrelTarget _target = null!;

    public async Task InitializeAsync() =>
        _target = await KestrelTarget.StartAsync(app => app.MapGet("/", () => Results.Text("hello")));

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Merge_TwoRealRunResults_CountsAddUpAndPercentilesAreOneHistogramOfAll()
    {
        var a = await RunAsync("a", 300);
        var b = await RunAsync("b", 200);
        var merged = Path.Combine(_directory, "all.json");

        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync("merge", a.Json, b.Json, "-o", merged);

        Assert.True(exit == 0, error);
        Assert.Contains("response time", output, StringComparison.Ordinal);
        var parts = new[] { Read(a.Json), Read(b.Json) };
        var all = Read(merged);
        Assert.Equal(500, all.Requests);
        Assert.Equal(parts.Sum(p => p.StatusCodes["200"]), all.StatusCodes["200"]);
        var sum = LatencyHistograms.Create();
        foreach (var part in parts)
        {
            sum.Add(LatencyHistogramCodec.Decode(part.LatencyHistogram!));
        }

        Assert.Equal(LatencyHistograms.Summarize(sum), all.LatencyMs);
        Assert.Equal(500, all.Intervals.Sum(i => i.Requests));
        Assert.Equal("run", all.Kind);
        // The merged measurement started with the earlier run: a merged result merges again on the wall clock.
        Assert.Equal(parts.Min(p => p.StartedAt), all.StartedAt);
    }

    [Fact]
    public async Task Merge_TwoRealHdrLogs_HistogramLogReaderReadsTheSumOfBoth()
    {
        var a = await RunAsync("a", 300);
        var b = await RunAsync("b", 200);
        var merged = Path.Combine(_directory, "all.hdr");

        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync("merge", a.Hdr, b.Hdr, "-o", merged);

        Assert.True(exit == 0, error);
        Assert.Contains("total", output, StringComparison.Ordinal);
        var inputs = LatencyHistograms.Create();
        foreach (var histogram in ReadLog(a.Hdr).Concat(ReadLog(b.Hdr)))
        {
            inputs.Add(histogram);
        }

        var mergedLog = ReadLog(merged);
        var read = LatencyHistograms.Create();
        foreach (var histogram in mergedLog)
        {
            read.Add(histogram);
        }

        Assert.Equal(500, read.TotalCount);
        Assert.Equal(LatencyHistograms.Summarize(inputs), LatencyHistograms.Summarize(read));
        // Each log started where the run did: the merged log spans both runs on absolute time.
        Assert.True(mergedLog.Min(h => h.StartTimeStamp) <= ReadLog(a.Hdr).Min(h => h.StartTimeStamp));
    }

    [Fact]
    public async Task Merge_TaggedLogsOffsetInTime_AddsSameSlotAndTagAndKeepsTags()
    {
        // b started one second after a: a's second interval and b's first are the same second.
        var a = WriteLog("a.hdr", Noon, [(null, 0, 1000), ("login", 0, 5000), (null, 1, 2000), ("login", 1, 6000)]);
        var b = WriteLog("b.hdr", Noon.AddSeconds(1), [(null, 0, 3000), ("login", 0, 7000)]);
        var merged = Path.Combine(_directory, "all.hdr");

        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync("merge", a, b, "-o", merged);

        Assert.True(exit == 0, error);
        Assert.Contains("login", output, StringComparison.Ordinal);
        var log = ReadLog(merged);
        Assert.Equal(4, log.Count);
        var second = log.Single(h => h.Tag is null && h.StartTimeStamp == Noon.AddSeconds(1).ToUnixTimeMilliseconds());
        Assert.Equal(2, second.TotalCount);
        Assert.Equal(3000, second.GetMaxValue(), 3000 / 100.0);
        Assert.Equal(3, log.Where(h => h.Tag == "login").Sum(h => h.TotalCount));
    }

    [Fact]
    public async Task Merge_NoOutput_PrintsTheSummaryOnly()
    {
        var a = WriteLog("a.hdr", Noon, [(null, 0, 1000)]);
        var b = WriteLog("b.hdr", Noon, [(null, 0, 3000)]);

        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync("merge", a, b);

        Assert.True(exit == 0, error);
        Assert.Contains("p99.9", output, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(_directory).Length);
    }

    [Fact]
    public async Task Merge_SingleInput_ExitsTwoAskingForTwo()
    {
        var a = WriteLog("a.hdr", Noon, [(null, 0, 1000)]);

        var (exit, error) = await ConsoleCapture.RunAsync("merge", a);

        AssertBadInput(exit, error, "at least two");
    }

    [Fact]
    public async Task Merge_NeitherLogNorJson_ExitsTwo()
    {
        var a = WriteLog("a.hdr", Noon, [(null, 0, 1000)]);
        var text = Path.Combine(_directory, "notes.hdr");
        await File.WriteAllTextAsync(text, "these are notes\n");

        var (exit, error) = await ConsoleCapture.RunAsync("merge", a, text);

        AssertBadInput(exit, error, "neither an HdrHistogram log");
    }

    [Fact]
    public async Task Merge_LogWithJson_ExitsTwo()
    {
        var a = WriteLog("a.hdr", Noon, [(null, 0, 1000)]);

        var (exit, error) = await ConsoleCapture.RunAsync("merge", a, RepositoryFiles.Path("samples", "scale-example.json"));

        AssertBadInput(exit, error, "merge logs with logs");
    }

    [Fact]
    public async Task Merge_AnotherKindOfResult_ExitsTwo()
    {
        var (exit, error) = await ConsoleCapture.RunAsync("merge", RepositoryFiles.Path("samples", "scale-example.json"), RepositoryFiles.Path("samples", "diagnose-lab.json"));

        AssertBadInput(exit, error, "a scale result");
    }

    [Fact]
    public async Task Merge_RunWithoutHistogram_ExitsTwo()
    {
        var a = await RunAsync("a", 100);
        var node = JsonNode.Parse(await File.ReadAllTextAsync(a.Json))!.AsObject();
        node.Remove("latencyHistogram");
        var old = Path.Combine(_directory, "old.json");
        await File.WriteAllTextAsync(old, node.ToJsonString());

        var (exit, error) = await ConsoleCapture.RunAsync("merge", a.Json, old);

        AssertBadInput(exit, error, "no latencyHistogram");
        Assert.Contains("old.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_MissingFile_ExitsTwo()
    {
        var a = WriteLog("a.hdr", Noon, [(null, 0, 1000)]);

        var (exit, error) = await ConsoleCapture.RunAsync("merge", a, Path.Combine(_directory, "missing.hdr"));

        AssertBadInput(exit, error, "missing.hdr");
    }

    [Fact]
    public async Task Merge_OutputNotWritable_ExitsTwoAndWritesNothing()
    {
        var a = WriteLog("a.hdr", Noon, [(null, 0, 1000)]);
        var b = WriteLog("b.hdr", Noon, [(null, 0, 1000)]);

        var (exit, error) = await ConsoleCapture.RunAsync("merge", a, b, "-o", Path.Combine(_directory, "missing", "all.hdr"));

        AssertBadInput(exit, error, "-o");
        Assert.False(Directory.Exists(Path.Combine(_directory, "missing")));
    }

    private async Task<(string Json, string Hdr)> RunAsync(string name, int requests)
    {
        var json = Path.Combine(_directory, $"{name}.json");
        var hdr = Path.Combine(_directory, $"{name}.hdr");
        var (exit, error) = await ConsoleCapture.RunAsync("run", _target.Uri.ToString(), "-c", "2", "-n", requests.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", json, "--hdr", hdr);
        Assert.True(exit == 0, error);
        return (json, hdr);
    }

    /// <summary>A log of one-second intervals from <paramref name="start"/>, each one value (µs) at the given second.</summary>
    private string WriteLog(string name, DateTimeOffset start, (string? Tag, int Second, long Microseconds)[] intervals)
    {
        var path = Path.Combine(_directory, name);
        using var log = HdrLogFile.Create(path, start);
        foreach (var (tag, second, microseconds) in intervals)
        {
            var histogram = LatencyHistograms.Create();
            histogram.RecordValue(microseconds);
            histogram.Tag = tag;
            histogram.StartTimeStamp = start.AddSeconds(second).ToUnixTimeMilliseconds();
            histogram.EndTimeStamp = start.AddSeconds(second + 1).ToUnixTimeMilliseconds();
            log.Append(histogram);
        }

        log.Complete(start);
        return path;
    }

    private static List<HistogramBase> ReadLog(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new HistogramLogReader(stream);
        return [.. reader.ReadHistograms()];
    }

    private static RunResult Read(string path) => JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), ResultJson.Options)!;

    private static void AssertBadInput(int exit, string error, string expected)
    {
        Assert.Equal(2, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{error}");
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
    }
}
