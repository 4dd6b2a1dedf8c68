using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class DiagnoseCommandTests : IAsyncLifetime
{
    private const string Down = "http://127.0.0.1:1/";

    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-diagnose-").FullName;
    private KestrelTarget _slow = null!;

    public async Task InitializeAsync() => _slow = await KestrelTarget.StartAsync(app => app.MapGet("/", async () =>
    {
        await Task.Delay(300);
        return Results.Text("slow");
    }));

    public async Task DisposeAsync()
    {
        await _slow.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("diagnose", "not a url")]
    [InlineData("diagnose", "ftp://127.0.0.1/")]
    [InlineData("diagnose", Down, "--slo", "p100=200ms")]
    [InlineData("diagnose", Down, "--slo", "p99=fast")]
    [InlineData("diagnose", Down, "--slo", "p99")]
    [InlineData("diagnose", Down, "--steps", "1,two,4")]
    [InlineData("diagnose", Down, "--steps", "0,2")]
    [InlineData("diagnose", Down, "--steps", "64,128", "--max-users", "8")]
    [InlineData("diagnose", Down, "--users", "0")]
    [InlineData("diagnose", Down, "--users", "many")]
    [InlineData("diagnose", Down, "--max-users", "-3")]
    [InlineData("diagnose", Down, "--fail-on", "healthy")]
    [InlineData("diagnose", Down, "--fail-on", ",")]
    [InlineData("diagnose", Down, "--max-duration", "3s")]
    [InlineData("diagnose", Down, "--step-duration", "0s")]
    [InlineData("diagnose", Down, "--baseline-duration", "soon")]
    [InlineData("diagnose", Down, "--watch", "2147483000")]
    [InlineData("diagnose", Down, "--watch", "abc")]
    [InlineData("diagnose", Down, "--watch-name", "no-such-process-scalelab")]
    [InlineData("diagnose", Down, "--json", "/nonexistent/scalelab/diagnose.json")]
    [InlineData("diagnose", Down, "-H", "NoColonHere")]
    [InlineData("diagnose", Down, "--requests-file", "/nonexistent/scalelab/mix.json")]
    public async Task Diagnose_BadInput_ExitsTwoWithOneLineOnStderr(params string[] args)
    {
        var (exit, error) = await ConsoleCapture.RunAsync(args);

        Assert.Equal(2, exit);
        AssertOneLineError(error);
    }

    [Theory]
    [InlineData("/proc/scalelab-diagnose.json")]
    [InlineData("")]
    public async Task Diagnose_JsonThatCannotBeWritten_ExitsTwoBeforeSendingAnything(string relative)
    {
        long hits = 0;
        await using var counting = await KestrelTarget.StartAsync(app => app.MapGet("/", () =>
        {
            Interlocked.Increment(ref hits);
            return Results.Text("hello");
        }));
        var path = relative.StartsWith('/') ? relative : Path.Combine(_directory, relative);

        var (exit, error) = await ConsoleCapture.RunAsync(Quick(counting.Uri, "--json", path));

        Assert.Equal(2, exit);
        AssertOneLineError(error);
        Assert.Equal(0, Interlocked.Read(ref hits));
    }

    [Theory]
    [InlineData("--body-file", "/dev/urandom")]
    [InlineData("--requests-file", "/dev/zero")]
    public async Task Diagnose_LabWithADeviceAsInput_ExitsTwoBeforeStartingTheLab(string option, string path)
    {
        var (exit, error) = await ConsoleCapture.RunAsync("diagnose", option, path).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Contains("a device", error);
        Assert.DoesNotContain("starting the lab", error);
    }

    [Fact]
    public async Task Diagnose_UnreachableTarget_ExitsTwoWithOneLine()
    {
        var url = $"http://127.0.0.1:{FreePort.Get()}/";

        var (exit, error) = await ConsoleCapture.RunAsync("diagnose", url, "--timeout", "2s");

        Assert.Equal(2, exit);
        Assert.Contains("cannot connect", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Diagnose_SlowHandlerFailingOnPerformance_ExitsOneAndWritesTheResult()
    {
        var json = Path.Combine(_directory, "diagnose.json");

        var (exit, _) = await ConsoleCapture.RunAsync(Quick("--fail-on", "performance,scalability", "--json", json));

        Assert.Equal(1, exit);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        Assert.Equal("diagnose", root.GetProperty("kind").GetString());
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.StartsWith("scalelab", root.GetProperty("commandLine").GetString());
        Assert.True(root.GetProperty("machine").GetProperty("cores").GetInt32() > 0);
        Assert.Equal(_slow.Uri.ToString(), root.GetProperty("target").GetString());
        Assert.Equal("performance", root.GetProperty("verdict").GetProperty("kind").GetString());
        Assert.Equal("none", root.GetProperty("verdict").GetProperty("cause").GetString());
        Assert.Equal("run", root.GetProperty("baseline").GetProperty("kind").GetString());
        Assert.Equal(1, root.GetProperty("baseline").GetProperty("connections").GetInt32());
        Assert.True(root.GetProperty("baseline").GetProperty("latencyMs").GetProperty("p99").GetDouble() >= 290);
        var steps = root.GetProperty("steps");
        Assert.Equal([1, 2, 4], steps.EnumerateArray().Select(s => s.GetProperty("concurrency").GetInt32()));
        Assert.All(steps.EnumerateArray(), s => Assert.InRange(s.GetProperty("latencyMs").GetProperty("p50").GetDouble(), 290, 2000));
        Assert.All(steps.EnumerateArray(), s => Assert.True(s.TryGetProperty("cpuPercent", out _) is false || s.GetProperty("cpuPercent").ValueKind == JsonValueKind.Null));
        Assert.True(root.GetProperty("usl").GetProperty("lambda").GetDouble() > 0);
        Assert.Equal("p99", root.GetProperty("slo").GetProperty("percentile").GetString());
        Assert.Equal(200, root.GetProperty("slo").GetProperty("thresholdMs").GetDouble());
        Assert.Contains(root.GetProperty("confidence").GetProperty("notes").EnumerateArray(), n => n.GetProperty("code").GetString() == "notWatched");
        Assert.False(root.GetProperty("interrupted").GetBoolean());
    }

    [Theory]
    [InlineData("p95", "p90", "p99")]
    [InlineData("p99.9", "p99", "max")]
    public async Task Diagnose_AnyPercentileSlo_JudgesThatPercentileOfEachStep(string percentile, string below, string above)
    {
        var json = Path.Combine(_directory, "diagnose.json");

        var (exit, error) = await ConsoleCapture.RunAsync(Quick("--slo", $"{percentile}=200ms", "--json", json));

        Assert.Equal(0, exit);
        Assert.Contains($"objective {percentile} ≤ 200 ms", error);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        Assert.Equal(percentile, root.GetProperty("slo").GetProperty("percentile").GetString());
        // Every request takes 300 ms, so the objective breaks for one user whichever percentile it is on (a busy
        // machine may add a scalability finding on top: "both").
        Assert.Contains(root.GetProperty("verdict").GetProperty("kind").GetString(), new[] { "performance", "both" });
        Assert.NotEmpty(root.GetProperty("steps").EnumerateArray());
        foreach (var step in root.GetProperty("steps").EnumerateArray())
        {
            var latency = step.GetProperty("latencyMs");
            var judged = latency.GetProperty(percentile).GetDouble();
            Assert.InRange(judged, latency.GetProperty(below).GetDouble(), latency.GetProperty(above).GetDouble());
            Assert.InRange(judged, 290, 5000);
        }
    }

    [Fact]
    public async Task Diagnose_SlowHandlerFailingOnScalabilityOnly_ExitsZero()
    {
        var (exit, error) = await ConsoleCapture.RunAsync(Quick("--fail-on", "scalability", "--watch", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(0, exit);
        Assert.Contains("baseline: 1 user", error);
    }

    [Fact]
    public async Task Diagnose_TargetAnswering404Everywhere_ExitsTwoWithTheStatusCodesNotAPerformanceVerdict()
    {
        await using var nothing = await KestrelTarget.StartAsync(_ => { });
        var json = Path.Combine(_directory, "404.json");

        var (exit, error) = await ConsoleCapture.RunAsync(Quick(nothing.Uri, "--json", json));

        Assert.Equal(2, exit);
        Assert.Single(error.Split('\n'), l => l.StartsWith("scalelab: ", StringComparison.Ordinal));
        Assert.Contains("status 404: ", error);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var verdict = document.RootElement.GetProperty("verdict");
        Assert.Equal("failing", verdict.GetProperty("kind").GetString());
        Assert.Contains(verdict.GetProperty("evidence").EnumerateArray(), e => e.GetString()!.StartsWith("status codes: 404: ", StringComparison.Ordinal));
        Assert.DoesNotContain(verdict.GetProperty("advice").EnumerateArray(), a => a.GetString()!.Contains("N+1", StringComparison.Ordinal));
        var steps = document.RootElement.GetProperty("steps");
        Assert.Equal(1, steps.GetArrayLength());
        Assert.True(steps[0].GetProperty("statusCodes").GetProperty("404").GetInt64() > 0);
    }

    [Fact]
    public async Task Diagnose_TargetThatAcceptsButNeverAnswers_ExitsTwoNamingTheTimeouts()
    {
        // No real server holds a request forever on demand: a listener that accepts and never reads stands in for a hung one.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<System.Net.Sockets.Socket>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    held.Add(await silent.AcceptSocketAsync(stop.Token));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        var url = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}/");
        var json = Path.Combine(_directory, "silent.json");

        try
        {
            var (exit, error) = await ConsoleCapture.RunAsync(Quick(url, "--timeout", "1s", "--json", json));

            Assert.Equal(2, exit);
            Assert.Contains("timeout: ", error);
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            Assert.Equal("failing", document.RootElement.GetProperty("verdict").GetProperty("kind").GetString());
        }
        finally
        {
            await stop.CancelAsync();
            await accepting;
            held.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Diagnose_Http2OnlyPort_ExitsTwoNotWithinTheObjective()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2));
        await using var app = builder.Build();
        app.MapGet("/", () => "h2c only");
        await app.StartAsync();
        var json = Path.Combine(_directory, "h2c.json");

        var (exit, _) = await ConsoleCapture.RunAsync(Quick(new Uri(app.Urls.First().TrimEnd('/') + "/"), "--json", json));

        Assert.Equal(2, exit);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal("failing", document.RootElement.GetProperty("verdict").GetProperty("kind").GetString());
        await app.StopAsync();
    }

    private string[] Quick(params string[] more) => Quick(_slow.Uri, more);

    private static string[] Quick(Uri target, params string[] more) =>
    [
        "diagnose", target.ToString(), "--users", "4", "--warmup", "300ms", "--baseline-duration", "1s",
        "--step-duration", "500ms", "--max-duration", "20s", .. more,
    ];

    private static void AssertOneLineError(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{error}");
        Assert.StartsWith("scalelab: ", lines[0]);
        Assert.DoesNotContain("   at ", error);
    }
}
