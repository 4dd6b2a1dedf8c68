using System.Globalization;
using ScaleLab.Core.Results;
using ScaleLab.Reports.Charts;
using ScaleLab.Reports.Html;
using ScaleLab.Reports.Text;

namespace ScaleLab.Reports.Sections;

/// <summary>A run: its verdict (thresholds, errors, keeping up), then latency and throughput over time, the spectrum, and the figures by request name.</summary>
internal static class RunSection
{
    public static void Write(HtmlWriter html, RunResult run)
    {
        html.Open("h2").Raw("<span class=\"kind\">run</span>").Text(run.Target).Close("h2");
        var (tone, headline, lines) = Verdict(run);
        html.Open("div", $"verdict {tone}").Paragraph(headline, "headline");
        foreach (var line in lines)
        {
            html.Paragraph(line);
        }

        html.Close("div");
        html.Tiles(Tiles(run));
        if (run.Thresholds.Count > 0)
        {
            html.Element("h3", "Thresholds");
            html.Table(
                ["threshold", "measured", "result"],
                run.Thresholds.Select(t => ((IReadOnlyList<string>)[t.Expression, Figures.Number(t.Actual), t.Passed ? "held" : "failed"], t.Passed ? null : (string?)"failed")));
        }

        if (run.Warnings.Count > 0)
        {
            html.Element("h3", "Warnings").List(run.Warnings, "warnings");
        }

        html.Element("h3", "Over time");
        if (run.Intervals.Count > 0)
        {
            html.Charts(ThroughputOverTime(run), LatencyOverTime(run));
            html.Charts(ErrorsOverTime(run), LatencySpectrum.Of(run));
        }
        else
        {
            html.Paragraph("The result holds no intervals (written by an older ScaleLab): no chart over time.", "caption");
            html.Charts(LatencySpectrum.Of(run));
        }

        WriteByName(html, run);
        WriteChecks(html, run);
        WriteCounts(html, run);
        html.Element("h3", "Settings");
        html.Settings(Settings(run));
    }

    internal static (string Tone, string Headline, IReadOnlyList<string> Lines) Verdict(RunResult run)
    {
        var lines = new List<string>();
        var failed = run.Thresholds.Where(t => !t.Passed).ToArray();
        if (run.Thresholds.Count > 0)
        {
            lines.Add(failed.Length == 0
                ? $"Every threshold held ({run.Thresholds.Count})."
                : $"{failed.Length} of {run.Thresholds.Count} thresholds failed: {string.Join(", ", failed.Select(t => $"{t.Expression} (measured {Figures.Number(t.Actual)})"))}.");
        }

        if (run.FellBehind == true)
        {
            lines.Add($"The target fell behind: it answered {Figures.Number(run.Throughput)}/s of the {Figures.Number(run.RateAsked)}/s asked, its backlog growing.");
        }

        if (run.Errors > 0)
        {
            lines.Add($"{Figures.Number(run.Errors)} of {Figures.Number(run.Requests)} requests failed ({Figures.Percent(run.ErrorRate)}): {string.Join(", ", run.ErrorKinds.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}"))}.");
        }

        if (run.Generator.Saturated)
        {
            lines.Add("The load generator was near its limit: the target may be faster than measured.");
        }

        if (run.Interrupted)
        {
            lines.Add("The run was interrupted: these are the figures until then.");
        }

        var tone = failed.Length > 0 || run.FellBehind == true || run.ErrorRate > 0.01 ? "bad"
            : run.Errors > 0 || run.Generator.Saturated || run.Interrupted || run.Warnings.Count > 0 ? "warn"
            : "good";
        var model = run.Model == "open" ? $"{Figures.Number(run.Rate)}/s asked" : $"{run.Connections} users";
        var headline = $"{Figures.Number(run.Throughput)} requests/s ({model}) for {Figures.Number(run.DurationSeconds)} s: p50 {Figures.Ms(run.LatencyMs.P50)}, p99 {Figures.Ms(run.LatencyMs.P99)}, {(run.Errors == 0 ? "no errors" : $"{Figures.Percent(run.ErrorRate)} errors")}.";
        return (tone, headline, lines);
    }

    private static IEnumerable<(string, string)> Tiles(RunResult run)
    {
        yield return ("throughput", $"{Figures.Number(run.Throughput)}/s");
        if (run.RateAsked is { } asked)
        {
            yield return ("asked", $"{Figures.Number(asked)}/s");
        }

        yield return ("p50", Figures.Ms(run.LatencyMs.P50));
        yield return ("p90", Figures.Ms(run.LatencyMs.P90));
        yield return ("p99", Figures.Ms(run.LatencyMs.P99));
        yield return ("p99.9", Figures.Ms(run.LatencyMs.P999));
        yield return ("max", Figures.Ms(run.LatencyMs.Max));
        if (run.IterationLatencyMs is { } iteration)
        {
            yield return ("flow iterations", Figures.Number(run.Iterations));
            yield return ("iteration p99", Figures.Ms(iteration.P99));
        }

        yield return ("errors", run.Errors == 0 ? "0" : $"{Figures.Number(run.Errors)} ({Figures.Percent(run.ErrorRate)})");
        yield return ("requests", Figures.Number(run.Requests));
    }

    private static Chart ThroughputOverTime(RunResult run)
    {
        var series = new List<ChartSeries>
        {
            new("throughput", SeriesKind.Line, run.Intervals.Select(i => new ChartPoint(i.T, i.Throughput)).ToArray()) { Color = 0, Unit = "req/s" },
        };
        if (run.Intervals.Any(i => i.RateAsked is not null))
        {
            series.Add(new ChartSeries("rate asked", SeriesKind.Line, run.Intervals.Where(i => i.RateAsked is not null).Select(i => new ChartPoint(i.T, i.RateAsked!.Value)).ToArray())
            {
                Color = 7,
                Dashed = true,
                Unit = "req/s",
            });
        }

        return new Chart("Throughput over time", "time (s)", "requests/s", series) { XMarkers = StageMarkers(run) };
    }

    /// <summary>With <c>--stages</c>: a line where each stage after the first begins.</summary>
    private static IReadOnlyList<ChartMarker> StageMarkers(RunResult run) => run.Intervals
        .Zip(run.Intervals.Skip(1), (before, after) => (before, after))
        .Where(p => p.after.Stage is { } stage && p.before.Stage is { } previous && stage != previous)
        .Select(p => new ChartMarker(p.before.T, $"stage {p.after.Stage}") { Color = 7 })
        .ToArray();

    private static Chart LatencyOverTime(RunResult run) => new Chart(
        "Latency over time",
        "time (s)",
        "latency (ms)",
        [
            new ChartSeries("p50", SeriesKind.Line, run.Intervals.Select(i => new ChartPoint(i.T, i.LatencyMs.P50)).ToArray()) { Color = 4, Unit = "ms" },
            new ChartSeries("p90", SeriesKind.Line, run.Intervals.Select(i => new ChartPoint(i.T, i.LatencyMs.P90)).ToArray()) { Color = 2, Unit = "ms" },
            new ChartSeries("p99", SeriesKind.Line, run.Intervals.Select(i => new ChartPoint(i.T, i.LatencyMs.P99)).ToArray()) { Color = 3, Unit = "ms" },
        ])
    {
        XMarkers = StageMarkers(run),
    };

    private static Chart ErrorsOverTime(RunResult run) => new(
        "Errors over time",
        "time (s)",
        "errors per interval",
        [new ChartSeries("errors", SeriesKind.Bars, run.Intervals.Select(i => new ChartPoint(i.T, i.Errors)).ToArray()) { Color = 3, Unit = "errors" }])
    {
        YMax = run.Intervals.All(i => i.Errors == 0) ? 1 : null,
        Caption = run.Intervals.All(i => i.Errors == 0) ? "No errors in any interval." : null,
    };

    private static void WriteByName(HtmlWriter html, RunResult run)
    {
        if (run.ByName.Count == 0)
        {
            return;
        }

        html.Element("h3", "By request name");
        html.Table(
            ["request", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "statuses"],
            run.ByName.OrderByDescending(n => n.Value.Requests).Select(n => ((IReadOnlyList<string>)
            [
                n.Key,
                Figures.Number(n.Value.Requests),
                Figures.Number(n.Value.Errors),
                Figures.Number(n.Value.Throughput),
                Figures.Number(n.Value.LatencyMs.P50),
                Figures.Number(n.Value.LatencyMs.P90),
                Figures.Number(n.Value.LatencyMs.P99),
                Figures.Number(n.Value.LatencyMs.Max),
                string.Join(" ", n.Value.StatusCodes.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}×{s.Value}")),
            ], n.Value.Errors > 0 ? (string?)"failed" : null)));
    }

    private static void WriteChecks(HtmlWriter html, RunResult run)
    {
        if (run.Checks.Count == 0)
        {
            return;
        }

        html.Element("h3", "Checks");
        html.Table(
            ["check", "passed", "failed", "held"],
            run.Checks.Select(c => ((IReadOnlyList<string>)
            [
                c.Key,
                Figures.Number(c.Value.Passed),
                Figures.Number(c.Value.Failed),
                c.Value.Passed + c.Value.Failed == 0 ? "–" : Figures.Percent(c.Value.Passed / (double)(c.Value.Passed + c.Value.Failed)),
            ], c.Value.Failed > 0 ? (string?)"failed" : null)));
    }

    private static void WriteCounts(HtmlWriter html, RunResult run)
    {
        if (run.StatusCodes.Count == 0 && run.ErrorKinds.Count == 0)
        {
            return;
        }

        html.Element("h3", "Responses");
        html.Settings(run.StatusCodes.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => ($"status {s.Key}", (string?)Figures.Number(s.Value)))
            .Concat(run.ErrorKinds.OrderByDescending(e => e.Value).Select(e => ($"error {e.Key}", (string?)Figures.Number(e.Value)))));
    }

    private static IEnumerable<(string, string?)> Settings(RunResult run)
    {
        yield return ("target", run.Target);
        yield return ("model", run.Model == "open" ? "open (arrivals at a rate; latency from the intended send time)" : "closed (users back to back)");
        yield return (run.Model == "open" ? "most connections open" : "users", run.Connections.ToString(CultureInfo.InvariantCulture));
        yield return ("rate asked", run.Rate is { } r ? $"{Figures.Number(r)}/s" : null);
        yield return ("arrivals", run.Arrivals);
        yield return ("measured window", $"{Figures.Number(run.DurationSeconds)} s");
        yield return ("warm-up", $"{Figures.Number(run.WarmupSeconds)} s");
        yield return ("flow iterations", run.Iterations is { } n ? Figures.Number(n) : null);
        yield return ("unsent / backlog", run.Unsent is { } u ? $"{Figures.Number(u)} / {Figures.Number(run.Backlog)}" : null);
        yield return ("bytes received", Figures.Number(run.BytesReceived));
        yield return ("generator CPU", $"{Figures.Number(run.Generator.CpuSeconds)} s, {Figures.Number(run.Generator.CpuPerRequestMicroseconds)} µs per request, {Figures.Percent(run.Generator.Utilization)} of its cores");
        yield return ("missed starts", run.Model == "open" ? $"{Figures.Number(run.Generator.MissedStarts)} (later than {Figures.Ms(run.Generator.MissedStartToleranceMs)}; worst {Figures.Ms(run.Generator.MaxStartLagMs)})" : null);
    }
}
