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
        var unit = result.Iterations is null ? "req/s" : "flows/s";
        var model = (open, staged) switch
        {
            (true, false) => $"open model, {result.Rate?.ToString("0.##", CultureInfo.InvariantCulture)} {unit} ({result.Arrivals}), up to {result.Connections} connections used",
            (true, true) => $"open model, ramping arrival rate ({result.Arrivals}), {result.Rate?.ToString("0.##", CultureInfo.InvariantCulture)} {unit} on average, up to {result.Connections} connections used",
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

        if (result.Iterations is { } iterations && result.IterationLatencyMs is { } iteration)
        {
            console.WriteLine(string.Create(i,
                $"iterations     {iterations} whole flows, {(result.DurationSeconds > 0 ? iterations / result.DurationSeconds : 0):0.#}/s   latency p50 {iteration.P50:0.###} ms, p90 {iteration.P90:0.###} ms, p99 {iteration.P99:0.###} ms, max {iteration.Max:0.###} ms"));
        }

        if (result.ByName.Count > 1)
        {
            console.Write(ByNameTable(result));
        }

        if (result.Checks.Count > 0)
        {
            WriteChecks(console, result);
        }

        var g = result.Generator;
        var generator = string.Create(i, $"generator      {g.CpuSeconds:0.##} CPU-s, {g.CpuPerRequestMicroseconds:0.#} µs per request, {g.Utilization:P0} of {Environment.ProcessorCount} cores");
        var starts = open ? string.Create(i, $", {g.MissedStarts} missed starts (worst lag {g.MaxStartLagMs:0.#} ms)") : string.Empty;
        console.WriteLine(generator + starts);
        if (result.Agents is { Count: > 0 } agents)
        {
            console.Write(AgentTable(agents));
        }

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

        if (AgentLostLine(result) is { } lost)
        {
            console.MarkupLine($"[bold red]FAILED:[/] {Markup.Escape(lost)}");
        }
    }

    /// <summary>
    /// The line that says agents were lost mid-run, or null when none was: the run sent less load than asked from
    /// then on, so <c>run</c> exits with 1 even when what was measured passes its thresholds.
    /// </summary>
    public static string? AgentLostLine(RunResult result) => result.Agents?.Where(a => a.Lost).ToArray() is { Length: > 0 } lost
        ? string.Create(CultureInfo.InvariantCulture,
            $"{lost.Length} of {result.Agents!.Count} agents lost mid-run ({string.Join(", ", lost.Select(a => $"{a.Address} at {a.LostAtSeconds:0.#} s"))}): less load was sent than asked from then on")
        : null;

    /// <summary>One row per agent of a distributed run: what each sent, and how far to trust its part.</summary>
    private static Table AgentTable(IReadOnlyList<AgentStats> agents)
    {
        var i = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("agent");
        foreach (var column in new[] { "requests", "errors", "CPU s", "missed starts", "clock offset ms", "lost at" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var agent in agents)
        {
            table.AddRow(
                Markup.Escape(agent.Address),
                agent.Requests.ToString(i),
                agent.Errors.ToString(i),
                agent.CpuSeconds.ToString("0.##", i),
                agent.MissedStarts.ToString(i),
                agent.ClockOffsetMs.ToString("0.##", i),
                agent.Lost ? string.Create(i, $"{agent.LostAtSeconds:0.#} s") : "-");
        }

        return table;
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

    /// <summary>One row per request name: what Locust's table and k6's tagged metrics show.</summary>
    private static Table ByNameTable(RunResult result)
    {
        var i = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("by name");
        foreach (var column in new[] { "requests", "req/s", "errors", "status codes", "p50", "p90", "p99", "max" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        static string F(double v) => v.ToString(v >= 100 ? "0.#" : "0.###", CultureInfo.InvariantCulture);
        foreach (var (name, stats) in result.ByName)
        {
            var errors = stats.Errors == 0 ? "0" : $"{stats.Errors} ({string.Join(", ", stats.ErrorKinds.Select(kv => $"{kv.Key} {kv.Value}"))})";
            table.AddRow(
                Markup.Escape(name),
                stats.Requests.ToString(i),
                stats.Throughput.ToString("0.#", i),
                Markup.Escape(errors),
                string.Join(" ", stats.StatusCodes.Select(kv => $"{kv.Key}:{kv.Value}")),
                F(stats.LatencyMs.P50),
                F(stats.LatencyMs.P90),
                F(stats.LatencyMs.P99),
                F(stats.LatencyMs.Max));
        }

        return table;
    }

    /// <summary>Checks that failed first (red), then the count of those that all held: a long list of passes says little.</summary>
    private static void WriteChecks(IAnsiConsole console, RunResult result)
    {
        var i = CultureInfo.InvariantCulture;
        var passed = result.Checks.Values.Sum(c => c.Passed);
        var total = passed + result.Checks.Values.Sum(c => c.Failed);
        console.WriteLine(string.Create(i, $"checks         {passed} of {total} passed ({(total > 0 ? passed / (double)total : 1):P2})"));
        foreach (var (name, check) in result.Checks)
        {
            var line = string.Create(i, $"  {name}: {check.Passed} passed, {check.Failed} failed");
            console.MarkupLine(check.Failed > 0 ? $"[red]✗[/] {Markup.Escape(line.TrimStart())}" : $"[green]✓[/] {Markup.Escape(line.TrimStart())}");
        }
    }

    private static void AddRow(Table table, string label, LatencySummary s)
    {
        static string F(double v) => v.ToString(v >= 100 ? "0.#" : "0.###", CultureInfo.InvariantCulture);
        table.AddRow(label, F(s.Min), F(s.Mean), F(s.P50), F(s.P90), F(s.P99), F(s.P999), F(s.Max));
    }
}
