using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class CliAppTests
{
    private const string Down = "http://127.0.0.1:1/";

    [Theory]
    // Unknown commands and options: named as such, with the nearest known name.
    [InlineData("unknown command 'rnu' (did you mean run?)", "rnu", "http://127.0.0.1:1/")]
    [InlineData("unknown command 'daignose' (did you mean diagnose?)", "daignose")]
    [InlineData("unknown command 'stauts' (did you mean status?); see scalelab lab --help", "lab", "stauts")]
    [InlineData("unknown option '--bogus'; see scalelab run --help", "run", "--bogus")]
    [InlineData("unknown option '--durration' (did you mean --duration?)", "run", Down, "--durration", "1s")]
    [InlineData("unknown option '--conections' (did you mean --connections?)", "run", "--conections", "4", Down)]
    [InlineData("unknown option '--slow' (did you mean --slo?)", "diagnose", "--slow", "p99=1s")]
    [InlineData("unknown option '--predcit' (did you mean --predict?)", "fit", "--predcit", "64", "steps.csv")]
    [InlineData("unexpected argument 'extra'; see scalelab run --help", "run", Down, "extra")]
    [InlineData("--scenario: 'hot-rwo' is not one of baseline, n-plus-one,", "lab", "up", "--scenario", "hot-rwo")]
    [InlineData("(did you mean hot-row?)", "lab", "up", "--scenario", "hot-rwo")]
    // Ports.
    [InlineData("port 70000 is out of range (1 to 65535)", "run", "http://127.0.0.1:70000/")]
    [InlineData("port 99999999999 is out of range (1 to 65535)", "diagnose", "http://localhost:99999999999/")]
    [InlineData("port 0 is out of range (1 to 65535)", "run", "http://127.0.0.1:0/")]
    // Durations need a unit.
    [InlineData("--duration: '10' has no unit: give one of us, ms, s, m or h", "run", Down, "-d", "10")]
    [InlineData("--warmup: '2' has no unit", "diagnose", Down, "--warmup", "2")]
    [InlineData("--slo: '200' has no unit", "diagnose", Down, "--slo", "p99=200")]
    // Options of the other load model, and ramp steps, are never silently dropped.
    [InlineData("--think-time is for the closed model (-c)", "run", Down, "-r", "10", "--think-time", "100ms")]
    [InlineData("--arrivals and --max-connections are for the open model", "run", Down, "--arrivals", "poisson")]
    [InlineData("--arrivals and --max-connections are for the open model", "run", Down, "-c", "4", "--max-connections", "8")]
    [InlineData("--steps: 16 users is above the ramp's maximum of 8 (--max-users)", "diagnose", Down, "--steps", "1,2,16", "--max-users", "8")]
    [InlineData("--steps: 128 users is above the ramp's maximum of 64 (--users", "diagnose", Down, "--steps", "1,2,4,128")]
    // Percentiles.
    [InlineData("'p100' is not a percentile", "diagnose", Down, "--slo", "p100=1s")]
    [InlineData("'q99' is not a percentile", "diagnose", Down, "--slo", "q99=1s")]
    public async Task RunAsync_BadCommandLine_ExitsTwoWithOneLineSayingWhy(string fragment, params string[] args)
    {
        var (exit, error) = await ConsoleCapture.RunAsync(args);

        Assert.Equal(2, exit);
        AssertOneLine(error, fragment);
    }

    [Fact]
    public async Task RunAsync_Version_PrintsTheVersionNotTheHelp()
    {
        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync("--version");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.DoesNotContain("Usage:", output);
        Assert.Matches(@"^\d+\.\d+", output.Trim());
    }

    [Theory]
    [InlineData("run", "http://alice:s3cret@127.0.0.1:1/")]
    [InlineData("diagnose", "http://alice:s3cret@127.0.0.1:1/")]
    [InlineData("run", "http://alice:s3cret@127.0.0.1:70000/")]
    public async Task RunAsync_CredentialsInUrl_RefusedWithoutEchoingThePassword(string command, string url)
    {
        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync(command, url);

        Assert.Equal(2, exit);
        AssertOneLine(error, "alice:***@127.0.0.1");
        Assert.DoesNotContain("s3cret", error + output);
    }

    [Fact]
    public async Task RunAsync_CredentialsInUrl_RefusedBeforeAnyRequestIsSent()
    {
        var requests = 0;
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () =>
        {
            Interlocked.Increment(ref requests);
            return Results.Text("ok");
        }));
        var url = target.Uri.ToString().Replace("http://", "http://alice:s3cret@", StringComparison.Ordinal);

        var (exit, error) = await ConsoleCapture.RunAsync("run", url, "-n", "5");

        Assert.Equal(2, exit);
        Assert.Contains("credentials in the URL are not sent", error);
        Assert.Equal(0, Volatile.Read(ref requests));
    }

    private static void AssertOneLine(string error, string fragment)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{error}");
        Assert.StartsWith("scalelab: ", lines[0]);
        Assert.Contains(fragment, lines[0]);
        Assert.DoesNotContain("   at ", error);
    }
}
