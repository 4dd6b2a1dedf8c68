using System.Globalization;
using ScaleLab.Core.Results;
using ScaleLab.Core.Units;
using Spectre.Console;

namespace ScaleLab.Cli.Output;

/// <summary>The table printed at the end of a run, with the warnings that say how far to trust it.</summary>
internal static class RunSummaryView
{
    public static void Write(IAnsiConsole console, RunResult result)
    {
        var open = result.Model == "open";
        var staged = result.Stages.Count > 0;
        var model = (open, staged) switch
        {
            (true, false) => $"open model, {result.Rate?.ToString("0.##", CultureInfo.InvariantCulture)} req/s ({result.Arrivals}), up to {result.Connections} connections used",
            (true, true) => $"open model, ramping arrival rate ({result.Arrivals}), {result.Rate?.ToString("0.##", CultureInfo.InvariantCulture)} req/s on average, up to {result.Connections} connections used",
            (false, false) => $"closed model, {result.Connections} connections",
            _ => $"closed model, ramping users, up to {result.Connections}",
        };
        console.MarkupLine($"[bold]{Markup.Escape(result.Target)}[/]  {Markup.Escape(model)}");
        if (staged)
        {
            console.WriteLine("stages         " + string.Join(", ", result.Stages.Select((s, i) => string.Create(CultureInfo.InvariantCulture,
                $"{i + 1}: {DurationParser.Format(TimeSpan.FromSeconds(s.DurationSeconds))} to {s.Target:0.##}{(open ? "/s" : " users")}"))));
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("latency (ms)");
        foreach (var name in new[] { "min", "mean", "p50", "p90", "p99", "p99.9", "max" })
        {
            table.AddColumn(new TableColumn(name).RightAligned());
        }

        AddRow(table, open ? "from intended send" : "response time", result.LatencyMs);
        if (open && result.UncorrectedLatencyMs is { } uncorrected)
        {
            AddRow(table, "service time only", uncorrected);
        }

        console.Write(table);
        var i = CultureInfo.InvariantCulture;
        console.WriteLine(string.Create(i,
            $"requests {result.Requests} in {result.DurationSeconds:0.##}s   throughput {result.Throughput:0.#} req/s   errors {result.Errors} ({result.ErrorRate:P2})   received {result.BytesReceived / 1024.0 / 1024.0:0.##} MiB"));
        if (open && result.RateAsked is { } asked)
        {
            console.WriteLine(string.Create(i,
                $"rate           asked {asked:0.##}/s, achieved {result.RateAchieved:0.##}/s   arrived {result.Arrived}, unsent {result.Unsent}, backlog {result.Backlog} when the window closed"));
        }

        if (result.StatusCodes.Count > 0)
        {
            console.WriteLine("status codes   " + string.Join("   ", result.StatusCodes.Select(kv => $"{kv.Key}: {kv.Value}")));
        }

        if (result.ErrorKinds.Count > 0)
        {
            console.WriteLine("errors         " + string.Join("   ", result.ErrorKinds.Select(kv => $"{kv.Key}: {kv.Value}")));
        }

        var g = result.Generator;
        var generator = string.Create(i, $"generator      {g.CpuSeconds:0.##} CPU-s, {g.CpuPerRequestMicroseconds:0.#} µs per request, {g.Utilization:P0} of {Environment.ProcessorCount} cores");
        var starts = open ? string.Create(i, $", {g.MissedStarts} missed starts (worst lag {g.MaxStartLagMs:0.#} ms)") : string.Empty;
        console.WriteLine(generator + starts);
        foreach (var warning in result.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        if (FellBehindLine(result) is { } failed)
        {
            console.MarkupLine($"[bold red]FAILED:[/] {Markup.Escape(failed)}");
        }

        if (AllFailedLine(result) is { } allFailed)
        {
            console.MarkupLine($"[bold red]FAILED:[/] {Markup.Escape(allFailed)}");
        }
    }

    /// <summary>
    /// The line that says every request of the run failed, or null when one did not: such a run measured nothing
    /// but failures (a wrong URL, a refused certificate, a dead target), and <c>run</c> exits with 1 for it, with or
    /// without thresholds. k6 exits 0 there; a load test that only ever failed passing a CI step was the surprise
    /// this rule removes.
    /// </summary>
    public static string? AllFailedLine(RunResult result) => result.Requests > 0 && result.Errors >= result.Requests
        ? string.Create(CultureInfo.InvariantCulture,
            $"every one of the {result.Requests} requests failed ({string.Join(", ", result.ErrorKinds.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key}: {kv.Value}"))}): nothing was measured but failures")
        : null;

    /// <summary>
    /// The line that says the target could not keep up with the asked rate, or null when it did (or was not judged):
    /// printed last, like a failed threshold, and the reason <c>run</c> exits with 1.
    /// </summary>
    public static string? FellBehindLine(RunResult result) => result.FellBehind == true
        ? string.Create(CultureInfo.InvariantCulture,
            $"the target fell behind: it answered {result.RateAchieved:0.##}/s of the {result.RateAsked:0.##}/s asked, and {result.Backlog} arrivals were still waiting when the window closed ({result.Unsent} of them never sent); the latency counts their wait")
        : null;

    private static void AddRow(Table table, string label, LatencySummary s)
    {
        static string F(double v) => v.ToString(v >= 100 ? "0.#" : "0.###", CultureInfo.InvariantCulture);
        table.AddRow(label, F(s.Min), F(s.Mean), F(s.P50), F(s.P90), F(s.P99), F(s.P999), F(s.Max));
    }
}
