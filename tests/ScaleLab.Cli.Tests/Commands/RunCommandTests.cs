using System.Collections.Concurrent;
using System.Text.Json;
using HdrHistogram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class RunCommandTests : IAsyncLifetime
{
    private static readonly string[] LatencyFields = ["min", "mean", "p50", "p90", "p99", "p999", "max"];

    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-run-").FullName;

    /// <summary>The connections the target answered a request on (Kestrel's connection ids).</summary>
    private readonly ConcurrentDictionary<string, bool> _connections = new();
    private KestrelTarget _target = null!;

    public async Task InitializeAsync() =>
        _target = await KestrelTarget.StartAsync(app => app.MapGet("/", (HttpContext context) =>
        {
            _connections.TryAdd(context.Connection.Id, true);
            return Results.Text("hello");
        }));

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("run", "not a url")]
    [InlineData("run", "ftp://127.0.0.1/")]
    [InlineData("run", "http://")]
    [InlineData("run", "http://127.0.0.1:1/", "-c", "2", "-r", "10")]
    [InlineData("run", "http://127.0.0.1:1/", "-d", "10parsecs")]
    [InlineData("run", "http://127.0.0.1:1/", "--arrivals", "bursty", "-r", "10")]
    [InlineData("run", "http://127.0.0.1:1/", "-H", "NoColonHere")]
    [InlineData("run", "http://127.0.0.1:1/", "--requests-file", "/nonexistent/scalelab/mix.json")]
    [InlineData("run", "http://127.0.0.1:1/", "--no-such-option")]
    public async Task Run_BadInput_ExitsTwoWithOneLineOnStderr(params string[] args)
    {
        var (exit, error) = await ConsoleCapture.RunAsync(args);

        Assert.Equal(2, exit);
        AssertOneLineError(error);
    }

    [Fact]
    public async Task Run_UnreachableTarget_ExitsTwoWithOneLineAndNoStackTrace()
    {
        var url = $"http://127.0.0.1:{FreePort.Get()}/";

        var (exit, error) = await ConsoleCapture.RunAsync("run", url, "-d", "1s", "--timeout", "2s");

        Assert.Equal(2, exit);
        AssertOneLineError(error);
        Assert.Contains("cannot connect", error);
    }

    [Theory]
    [InlineData("{ \"requests\": [ { \"path\": \"/\" ")]
    [InlineData("{ \"requests\": [ { \"path\": \"/\", \"weight\": -2 } ] }")]
    [InlineData("{ \"requests\": [ { \"name\": \"no path\" } ] }")]
    [InlineData("{ \"requests\": [ { \"path\": \"/{{randomInt 9 1}}\" } ] }")]
    public async Task Run_MalformedRequestsFile_ExitsTwoWithOneLine(string content)
    {
        var file = Path.Combine(_directory, "mix.json");
        await File.WriteAllTextAsync(file, content);

        var (exit, error) = await ConsoleCapture.RunAsync("run", _target.Uri.ToString(), "-n", "10", "--requests-file", file);

        Assert.Equal(2, exit);
        AssertOneLineError(error);
    }

    [Fact]
    public async Task Run_ClosedModelWithJson_WritesTheDocumentedFields()
    {
        var json = Path.Combine(_directory, "run.json");

        var (exit, _) = await ConsoleCapture.RunAsync("run", _target.Uri.ToString(), "-c", "2", "-n", "300", "--json", json);

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        AssertHeader(root);
        Assert.Equal(_target.Uri.ToString(), root.GetProperty("target").GetString());
        Assert.Equal("closed", root.GetProperty("model").GetString());
        Assert.Equal(2, root.GetProperty("connections").GetInt32());
        Assert.Equal(300, root.GetProperty("requests").GetInt64());
        Assert.Equal(0, root.GetProperty("errors").GetInt64());
        Assert.True(root.GetProperty("durationSeconds").GetDouble() > 0);
        Assert.True(root.GetProperty("throughput").GetDouble() > 0);
        AssertLatency(root.GetProperty("latencyMs"));
        Assert.Equal(300, root.GetProperty("statusCodes").GetProperty("200").GetInt64());
        Assert.Empty(root.GetProperty("errorKinds").EnumerateObject());
        AssertGenerator(root);
        // The closed model has no rate and no second latency: the fields may be null or absent, never a number.
        Assert.True(!root.TryGetProperty("rate", out var rate) || rate.ValueKind == JsonValueKind.Null);
        Assert.False(root.TryGetProperty("uncorrectedLatencyMs", out var uncorrected) && uncorrected.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task Run_OpenModelWithJson_WritesRateAndUncorrectedLatency()
    {
        var json = Path.Combine(_directory, "open.json");

        var (exit, _) = await ConsoleCapture.RunAsync("run", _target.Uri.ToString(), "-r", "200", "-d", "1s", "--json", json);

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        AssertHeader(root);
        Assert.Equal("open", root.GetProperty("model").GetString());
        Assert.Equal(200, root.GetProperty("rate").GetDouble());
        // The most connections open at once: at least every connection the target answered on (Kestrel closes
        // none in a second), at most the default cap.
        Assert.InRange(root.GetProperty("connections").GetInt32(), _connections.Count, 1024);
        Assert.NotEmpty(_connections);
        // 200/s for 1 s: 200 arrivals, however late the generator woke up.
        Assert.InRange(root.GetProperty("requests").GetInt64(), 199, 201);
        Assert.Equal(0, root.GetProperty("errors").GetInt64());
        AssertLatency(root.GetProperty("latencyMs"));
        AssertLatency(root.GetProperty("uncorrectedLatencyMs"));
        // Latency from the intended send time never undercuts the service time.
        Assert.True(root.GetProperty("latencyMs").GetProperty("max").GetDouble() >= root.GetProperty("uncorrectedLatencyMs").GetProperty("max").GetDouble());
        AssertGenerator(root);
    }

    [Fact]
    public async Task Run_WithHdr_WritesALogHdrHistogramReadsBackWithEveryRequest()
    {
        var hdr = Path.Combine(_directory, "run.hlog");
        var json = Path.Combine(_directory, "run.json");

        var (exit, _) = await ConsoleCapture.RunAsync("run", _target.Uri.ToString(), "-c", "2", "-n", "300", "--hdr", hdr, "--json", json);

        Assert.Equal(0, exit);
        using var stream = File.OpenRead(hdr);
        using var reader = new HistogramLogReader(stream);
        var histograms = reader.ReadHistograms().ToList();
        Assert.NotEmpty(histograms);
        Assert.Equal(300, histograms.Sum(h => h.TotalCount));
        // The log's values are the JSON's: microseconds, so its max is the JSON's max in milliseconds.
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var maxMs = document.RootElement.GetProperty("latencyMs").GetProperty("max").GetDouble();
        Assert.Equal(maxMs, histograms.Max(h => h.GetMaxValue()) / 1000.0, Math.Max(0.01, maxMs / 100));
    }

    [Fact]
    public async Task Run_NoUrl_LoadsTheEmbeddedTargetAndExitsZero()
    {
        var json = Path.Combine(_directory, "embedded.json");

        var (exit, _) = await ConsoleCapture.RunAsync("run", "-d", "1s", "-c", "2", "--json", json);

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        Assert.StartsWith("http://127.0.0.1:", root.GetProperty("target").GetString());
        Assert.True(root.GetProperty("requests").GetInt64() > 0);
        Assert.Equal(0, root.GetProperty("errors").GetInt64());
    }

    private static void AssertOneLineError(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{error}");
        Assert.StartsWith("scalelab: ", lines[0]);
        Assert.DoesNotContain("Exception", error);
        Assert.DoesNotContain(" at ScaleLab.", error);
    }

    private static void AssertHeader(JsonElement root)
    {
        Assert.Equal("run", root.GetProperty("kind").GetString());
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("scalelabVersion").GetString()));
        Assert.True(root.GetProperty("startedAt").TryGetDateTimeOffset(out var startedAt));
        Assert.InRange(startedAt, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.StartsWith("scalelab", root.GetProperty("commandLine").GetString());
        Assert.True(root.GetProperty("machine").GetProperty("cores").GetInt32() >= 1);
    }

    private static void AssertLatency(JsonElement latency)
    {
        var values = LatencyFields.Select(f => latency.GetProperty(f).GetDouble()).ToArray();
        Assert.True(values[0] > 0, "min latency must be above 0");
        // min <= p50 <= p90 <= p99 <= p999 <= max (the mean sits between min and max).
        var ordered = new[] { values[0], values[2], values[3], values[4], values[5], values[6] };
        Assert.Equal(ordered.Order(), ordered);
        Assert.InRange(values[1], values[0], values[6]);
    }

    private static void AssertGenerator(JsonElement root)
    {
        var generator = root.GetProperty("generator");
        var requests = root.GetProperty("requests").GetInt64();
        var cpuSeconds = generator.GetProperty("cpuSeconds").GetDouble();
        // CPU per request is the CPU over the requests: within the rounding of cpuSeconds to 1 ms.
        Assert.Equal(cpuSeconds * 1e6 / requests, generator.GetProperty("cpuPerRequestMicroseconds").GetDouble(), 500.0 / requests + 0.01);
        Assert.True(generator.GetProperty("saturated").ValueKind is JsonValueKind.True or JsonValueKind.False);
        var missed = generator.GetProperty("missedStarts").GetInt64();
        if (root.GetProperty("model").GetString() == "closed")
        {
            // A closed model sends when the last response came: it has no schedule to be late for.
            Assert.Equal(0, missed);
            Assert.Equal(0, generator.GetProperty("maxStartLagMs").GetDouble());
        }
        else
        {
            // Late or never sent: at most every arrival of the window.
            var arrivals = root.GetProperty("rate").GetDouble() * root.GetProperty("durationSeconds").GetDouble();
            Assert.InRange(missed, 0, (long)Math.Ceiling(arrivals) + 1);
        }
    }
}
