using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ScaleLab.Cli.Tests.Commands;

/// <summary>The built CLI, started under a low file limit (the process's own, which an in-process test can't lower alone).</summary>
public sealed class RunCommandFileLimitTests
{
    [Theory]
    [InlineData("-c", "1000", "lower -c")]
    [InlineData("-r", "2000", "lower --max-connections")]
    public async Task Run_FileLimitBelowTheConnections_ExitsTwoWithOneLineBeforeLoading(string model, string value, string remedy)
    {
        var served = 0;
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () =>
        {
            Interlocked.Increment(ref served);
            return Results.Text("hello");
        }));

        // Soft and hard limit both 256: raising the soft one can't help, so the run must be refused.
        var (exit, stdout, stderr) = await RunCliAsync("ulimit -n 256", "run", target.Uri.ToString(), model, value, "-d", "2s");

        Assert.Equal(2, exit);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{stderr}");
        Assert.StartsWith("scalelab: ", lines[0]);
        Assert.Contains("open files", lines[0]);
        Assert.Contains("ulimit -n", lines[0]);
        Assert.Contains(remedy, lines[0]);
        Assert.Equal(0, served);
        Assert.DoesNotContain("Exception", stdout + stderr);
    }

    [Fact]
    public async Task Run_SoftLimitBelowTheConnections_RaisesItToTheHardLimitAndRuns()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () => Results.Text("hello")));

        // A soft limit of 256 under a hard one of 4096: the run raises its own soft limit, as wrk's users do by hand.
        var (exit, _, stderr) = await RunCliAsync("ulimit -S -n 256 && ulimit -H -n 4096", "run", target.Uri.ToString(), "-c", "400", "-d", "1s");

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunCliAsync(string limit, params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "scalelab.dll");
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"{limit} && exec dotnet \"$@\"");
        start.ArgumentList.Add("scalelab");
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
