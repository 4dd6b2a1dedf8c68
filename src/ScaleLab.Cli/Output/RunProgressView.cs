using System.Globalization;
using ScaleLab.Load.Engine;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ScaleLab.Cli.Output;

/// <summary>
/// Shows a run as it goes, on stderr so that stdout holds only the summary: a live Spectre.Console panel redrawn
/// in place on a terminal, plain lines once a second otherwise (CI logs, pipes).
/// </summary>
internal static class RunProgressView
{
    public static async Task<T> ShowAsync<T>(Func<IProgress<RunProgress>, Task<T>> run)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected || !console.Profile.Capabilities.Interactive)
        {
            return await run(new Progress<RunProgress>(p => Console.Error.WriteLine(Line(p))));
        }

        T result = default!;
        await console.Live(Render(null)).AutoClear(true).StartAsync(async context =>
        {
            result = await run(new LiveProgress(context));
        });
        return result;
    }

    private static string Line(RunProgress p) => p.Warmup
        ? string.Create(CultureInfo.InvariantCulture, $"warm-up {p.Elapsed.TotalSeconds:0.0}s ({p.Remaining.TotalSeconds:0}s left), {p.Connections} connections")
        : string.Create(CultureInfo.InvariantCulture,
            $"{p.Elapsed.TotalSeconds:0.0}s ({p.Remaining.TotalSeconds:0}s left): {StageText(p)}{p.IntervalThroughput:0} req/s, p50 {p.P50Ms:0.###} ms, p99 {p.P99Ms:0.###} ms, {p.Requests} requests, {p.Errors} errors, {p.Connections} connections");

    /// <summary>"stage 2/3 users 10, " or "stage 1/3 rate 250/s, "; empty without stages.</summary>
    private static string StageText(RunProgress p) => p.Stage is { } stage
        ? string.Create(CultureInfo.InvariantCulture, $"stage {stage}/{p.StageCount} {StageLoad(p)}, ")
        : string.Empty;

    /// <summary>The load the stages ask for now: users are whole, a rate is per second.</summary>
    private static string StageLoad(RunProgress p) => p.OpenModel
        ? string.Create(CultureInfo.InvariantCulture, $"rate {p.StageLoad:0.##}/s")
        : string.Create(CultureInfo.InvariantCulture, $"users {p.StageLoad:0}");

    private static IRenderable Render(RunProgress? p)
    {
        var grid = new Grid().AddColumn().AddColumn(new GridColumn().RightAligned());
        if (p is null)
        {
            grid.AddRow("starting", string.Empty);
            return new Panel(grid).Header("scalelab run");
        }

        var i = CultureInfo.InvariantCulture;
        var total = p.Elapsed + p.Remaining;
        var done = total > TimeSpan.Zero ? p.Elapsed / total : 0;
        var bar = new string('█', (int)(done * 30)).PadRight(30, '░');
        grid.AddRow(p.Warmup ? "[grey]warm-up[/]" : "elapsed", string.Create(i, $"{bar} {p.Elapsed.TotalSeconds:0.0}s / {total.TotalSeconds:0}s"));
        if (p.Stage is { } stage)
        {
            grid.AddRow("stage", string.Create(i, $"{stage}/{p.StageCount}, {StageLoad(p)}"));
        }

        if (!p.Warmup)
        {
            grid.AddRow("throughput", string.Create(i, $"{p.IntervalThroughput:0} req/s"));
            grid.AddRow("latency so far", string.Create(i, $"p50 {p.P50Ms:0.###} ms   p99 {p.P99Ms:0.###} ms"));
            grid.AddRow("requests", string.Create(i, $"{p.Requests}"));
            grid.AddRow("errors", p.Errors > 0 ? $"[red]{p.Errors}[/]" : "0");
        }

        grid.AddRow("connections", p.Connections.ToString(i));
        return new Panel(grid).Header("scalelab run");
    }

    private sealed class LiveProgress(LiveDisplayContext context) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            context.UpdateTarget(Render(value));
            context.Refresh();
        }
    }
}
