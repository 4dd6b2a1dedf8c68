using System.Collections.Concurrent;
using System.Text.Json;
using HdrHistogram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ScaleLab.Cli.Commands;
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

    [Theory]
    [InlineData("--json", "missing/run.json")]
    [InlineData("--json", "")]
    [InlineData("--json", "/proc/scalelab-run.json")]
    [InlineData("--hdr", "/proc/scalelab-run.hdr")]
    [InlineData("--hdr", "missing/run.hdr")]
    public async Task Run_OutputThatCannotBeWritten_ExitsTwoBeforeSendingAnything(string option, string relative)
    {
        // "" is the test's folder itself: a folder is not a file name. /proc takes no new file, even from root.
        long hits = 0;
        await using var counting = await KestrelTarget.StartAsync(app => app.MapGet("/", () =>
        {
            Interlocked.Increment(ref hits);
            return Results.Text("hello");
        }));
        var path = relative.StartsWith('/') ? relative : Path.Combine(_directory, relative);

        var (exit, error) = await ConsoleCapture.RunAsync("run", counting.Uri.ToString(), "-c", "1", "-d", "1s", option, path);

        Assert.Equal(2, exit);
        AssertOneLineError(error);
        Assert.Contains(option, error);
        Assert.Equal(0, Interlocked.Read(ref hits));
    }

    [Theory]
    [InlineData("--body-file", "/dev/urandom", "a device")]
    [InlineData("--requests-file", "/dev/zero", "a device")]
    [InlineData("--body-file", "folder", "a folder")]
    [InlineData("--requests-file", "fifo", "a pipe")]
    [InlineData("--body-file", "huge", "larger than 16 MiB")]
    public async Task Run_InputThatIsNotASmallRegularFile_ExitsTwoWithOneLine(string option, string name, string fragment)
    {
        var path = name.StartsWith('/') ? name : Path.Combine(_directory, name);
        switch (name)
        {
            case "folder":
                Directory.CreateDirectory(path);
                break;
            case "fifo":
                using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", path))
                {
                    await mkfifo.WaitForExitAsync();
                }

                break;
            case "huge":
                using (var file = File.Create(path))
                {
                    file.SetLength(16 * 1024 * 1024 + 1);
                }

                break;
        }

        var (exit, error) = await ConsoleCapture.RunAsync("run", "http://127.0.0.1:1/", "-n", "1", option, path).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        AssertOneLineError(error);
        Assert.Contains(fragment, error);
    }

    [Fact]
    public async Task Run_JsonToAPipe_WritesIntoItWithoutReplacingIt()
    {
        // A pipe (or /dev/stdout, /dev/null) is written into: moving a file over it would replace it (as root, even /dev/null).
        var fifo = Path.Combine(_directory, "result.pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
        }

        var reading = Task.Run(() => File.ReadAllText(fifo));

        var (exit, error) = await ConsoleCapture.RunAsync("run", _target.Uri.ToString(), "-c", "1", "-n", "20", "--json", fifo);

        Assert.True(exit == 0, error);
        var text = await reading.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("run", JsonDocument.Parse(text).RootElement.GetProperty("kind").GetString());
        Assert.Equal(0x1000, UnixFileType.Of(fifo));
    }

    [Fact]
    public async Task Run_SmallRegularBodyFile_IsSent()
    {
        var path = Path.Combine(_directory, "body");
        await File.WriteAllTextAsync(path, new string('x', 1000));

        var (exit, error) = await ConsoleCapture.RunAsync("run", _target.Uri.ToString(), "-n", "5", "-m", "POST", "--body-file", path);

        // Read and sent, not refused (exit 2): the target maps only GET, so every POST is answered 405, and a run whose
        // every request failed exits 1.
        Assert.True(exit == 1, error);
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
        // A target that keeps up: every arrival sent, and the run does not fail.
        Assert.False(root.GetProperty("fellBehind").GetBoolean());
        Assert.Equal(0, root.GetProperty("unsent").GetInt64());
        Assert.Equal(root.GetProperty("arrived").GetInt64(), root.GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task Run_OpenModelTargetFallsBehind_ExitsOneAndWritesTheBacklog()
    {
        // One connection to a 100 ms handler serves at most 10 a second, against 200 asked.
        await using var slow = await KestrelTarget.StartAsync(app => app.MapGet("/", async () =>
        {
            await Task.Delay(100);
            return "slow";
        }));
        var json = Path.Combine(_directory, "behind.json");

        var (exit, error) = await ConsoleCapture.RunAsync("run", slow.Uri.ToString(), "-r", "200", "-d", "2s", "--max-connections", "1", "--json", json);

        Assert.Equal(1, exit);
        // A failed check, not an error: the summary says why, stderr holds only the progress.
        Assert.DoesNotContain("scalelab:", error);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        Assert.True(root.GetProperty("fellBehind").GetBoolean());
        Assert.Equal(200, root.GetProperty("rateAsked").GetDouble());
        Assert.True(root.GetProperty("rateAchieved").GetDouble() < 100);
        var arrived = root.GetProperty("arrived").GetInt64();
        Assert.Equal(400, arrived);
        Assert.Equal(arrived, root.GetProperty("requests").GetInt64() + root.GetProperty("unsent").GetInt64());
        Assert.True(root.GetProperty("backlog").GetInt64() >= root.GetProperty("unsent").GetInt64());
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
