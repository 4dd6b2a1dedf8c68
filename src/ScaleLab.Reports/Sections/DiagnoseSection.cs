using System.Globalization;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Scalability;
using ScaleLab.Reports.Charts;
using ScaleLab.Reports.Html;
using ScaleLab.Reports.Text;

namespace ScaleLab.Reports.Sections;

/// <summary>A diagnosis: the verdict with its evidence and advice, then throughput and latency against users, efficiency, and the watched processes' CPU.</summary>
internal static class DiagnoseSection
{
    public static void Write(HtmlWriter html, DiagnoseResult result)
    {
        html.Open("h2").Raw("<span class=\"kind\">diagnose</span>").Text(result.Target).Close("h2");
        var verdict = result.Verdict;
        html.Open("div", $"verdict {Tone(verdict?.Kind)}");
        html.Paragraph(Headline(result), "headline");
        if (verdict is not null)
        {
            html.Paragraph(verdict.Summary);
            if (verdict.Evidence.Count > 0)
            {
                html.Element("p", "Evidence", "label").List(verdict.Evidence);
            }

            if (verdict.Advice.Count > 0)
            {
                html.Element("p", "What to do", "label").List(verdict.Advice);
            }
        }

        html.Paragraph($"Confidence: {result.Confidence.Level.ToString().ToLowerInvariant()}.");
        html.List(result.Confidence.Notes.Select(n => n.Message), "notes");
        html.Close("div");
        html.Tiles(Tiles(result));

        var steps = result.Steps;
        var measured = steps.Where(s => !s.Interrupted && s.Throughput > 0).ToArray();
        html.Element("h3", "Scalability");
        html.Charts(
            UslCurve.Of("Throughput against users", "users (N)", measured.Select(s => new ScalabilityPoint(s.Concurrency, s.Throughput)).ToArray(), result.Usl),
            LatencyAgainstUsers(result));
        html.Charts(Efficiency(steps), Cpu(result));
        html.Element("h3", "Steps");
        html.Table(
            ["users", "req/s", "efficiency", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "target CPU", "machine CPU", "generator", "note"],
            steps.Select(s => ((IReadOnlyList<string>)
            [
                s.Concurrency.ToString(CultureInfo.InvariantCulture),
                Figures.Number(s.Throughput),
                Figures.Number(s.Efficiency),
                Figures.Number(s.LatencyMs.P50),
                Figures.Number(s.LatencyMs.P90),
                Figures.Number(s.LatencyMs.P99),
                Figures.Number(s.LatencyMs.Max),
                s.Errors == 0 ? "0" : $"{Figures.Number(s.Errors)} ({Figures.Percent(s.ErrorRate)})",
                s.CpuPercent is { } cpu ? $"{Figures.Number(cpu)}% of {Figures.Number(s.CpuLimit)}" : "–",
                s.MachineCpuPercent is { } machine ? $"{Figures.Number(machine)}%" : "–",
                Figures.Percent(s.GeneratorUtilization),
                StepNotes.Describe(s, DiagnosisThresholds.Default),
            ], s.Errors > 0 ? (string?)"failed" : null)));
        if (result.Ramp is { } ramp)
        {
            html.Paragraph($"Ramp ended ({ramp.Reason}): {ramp.Message}", "caption");
        }

        html.List(result.FitWarnings.Select(w => w.Message), "warnings");
        html.Element("h3", "Settings");
        html.Settings(
        [
            ("target", result.Target),
            ("users to serve", result.Users.ToString(CultureInfo.InvariantCulture)),
            ("ramp up to", result.MaxUsers.ToString(CultureInfo.InvariantCulture)),
            ("objective", $"{result.Slo.Percentile.Name} ≤ {Figures.Ms(result.Slo.ThresholdMs)}"),
            ("took", $"{Figures.Number(result.DurationSeconds)} s"),
            ("one user (baseline)", result.Baseline is { } b ? $"{Figures.Number(b.Throughput)} req/s, p50 {Figures.Ms(b.LatencyMs.P50)}, p99 {Figures.Ms(b.LatencyMs.P99)} over {Figures.Number(b.DurationSeconds)} s" : null),
            ("watched", result.Watch is { } w ? string.Join(", ", w.Processes.Select(p => $"{p.Name} ({p.Pid})")) : null),
            ("preferred model", result.Preferred?.ToString().ToLowerInvariant()),
            ("interrupted", result.Interrupted ? "yes: Ctrl-C ended the diagnosis early" : null),
        ]);
    }

    internal static string Headline(DiagnoseResult result) => result.Verdict is { } v
        ? v.Kind switch
        {
            VerdictKind.Healthy => "Healthy: fast for one user and still fast under load.",
            VerdictKind.Performance => "A performance problem: slow for one user already.",
            VerdictKind.Scalability => $"A scalability problem: fast alone, slow under load ({Cause(v.Cause)}).",
            VerdictKind.Both => $"Both: slow for one user, and slower under load ({Cause(v.Cause)}).",
            VerdictKind.Failing => "Failing: the target answers with errors.",
            _ => v.Kind.ToString(),
        }
        : "No verdict: nothing could be measured.";

    internal static string Tone(VerdictKind? kind) => kind switch
    {
        VerdictKind.Healthy => "good",
        VerdictKind.Performance or VerdictKind.Scalability => "warn",
        null => "warn",
        _ => "bad",
    };

    private static string Cause(VerdictCause cause) => cause.ToString().ToLowerInvariant();

    private static IEnumerable<(string, string)> Tiles(DiagnoseResult result)
    {
        if (result.Baseline is { } baseline)
        {
            yield return ("one user p99", Figures.Ms(baseline.LatencyMs.P99));
        }

        yield return ($"objective {result.Slo.Percentile.Name}", Figures.Ms(result.Slo.ThresholdMs));
        if (result.Steps.Count > 0)
        {
            var best = result.Steps.MaxBy(s => s.Throughput)!;
            yield return ("peak measured", $"{Figures.Number(best.Throughput)}/s at {best.Concurrency}");
        }

        if (result.Usl is { } usl)
        {
            yield return ("σ contention", Figures.Number(usl.Sigma));
            yield return ("κ coherency", Figures.Number(usl.Kappa));
            yield return ("λ one user", $"{Figures.Number(usl.Lambda)}/s");
            yield return ("N* peak", usl.PeakConcurrency is { } n ? Figures.Number(n) : "none");
        }

        if (result.Verdict?.KneeConcurrency is { } knee)
        {
            yield return ("in service at the knee", Figures.Number(knee));
        }
    }

    private static Chart LatencyAgainstUsers(DiagnoseResult result)
    {
        var steps = result.Steps.Where(s => !s.Interrupted && s.Requests > 0).ToArray();
        return new Chart(
            "Latency against users",
            "users (N)",
            "latency (ms)",
            [
                new ChartSeries("p50", SeriesKind.Line, steps.Select(s => new ChartPoint(s.Concurrency, s.LatencyMs.P50)).ToArray()) { Color = 4, Unit = "ms" },
                new ChartSeries("p90", SeriesKind.Line, steps.Select(s => new ChartPoint(s.Concurrency, s.LatencyMs.P90)).ToArray()) { Color = 2, Unit = "ms" },
                new ChartSeries("p99", SeriesKind.Line, steps.Select(s => new ChartPoint(s.Concurrency, s.LatencyMs.P99)).ToArray()) { Color = 3, Unit = "ms" },
            ])
        {
            XScale = UslCurve.ScaleFor(steps.Select(s => (double)s.Concurrency)),
            YMarkers = [new ChartMarker(result.Slo.ThresholdMs, $"objective {result.Slo.Percentile.Name} {Figures.Ms(result.Slo.ThresholdMs)}") { Color = 1 }],
        };
    }

    private static Chart Efficiency(IReadOnlyList<DiagnoseStep> steps) => new Chart(
        "Efficiency per step",
        "users (N)",
        "X(N) / (N · X(1))",
        [new ChartSeries("efficiency", SeriesKind.Bars, steps.Where(s => s.Efficiency is not null).Select(s => new ChartPoint(s.Concurrency, s.Efficiency!.Value, Label: $"{s.Concurrency} users")).ToArray()) { Color = 5 }])
    {
        XScale = UslCurve.ScaleFor(steps.Select(s => (double)s.Concurrency)),
        YMax = 1,
        YMarkers = [new ChartMarker(0.8, "healthy bar 0.8") { Color = 4 }],
        Caption = "1 is linear scaling: N users served N times what one user is.",
    };

    private static Chart? Cpu(DiagnoseResult result)
    {
        var steps = result.Steps.Where(s => !s.Interrupted).ToArray();
        var series = new List<ChartSeries>();
        if (steps.Any(s => s.CpuPercent is not null))
        {
            var names = result.Watch is { } w && w.Processes.Count > 0 ? string.Join(", ", w.Processes.Select(p => p.Name).Distinct()) : "watched processes";
            series.Add(new ChartSeries($"target: {names}", SeriesKind.Bars, steps.Where(s => s.CpuPercent is not null).Select(s => new ChartPoint(s.Concurrency, s.CpuPercent!.Value, Label: $"{s.Concurrency} users")).ToArray()) { Color = 0, Unit = "%" });
        }

        if (steps.Any(s => s.MachineCpuPercent is not null))
        {
            series.Add(new ChartSeries("whole machine", SeriesKind.Line, steps.Where(s => s.MachineCpuPercent is not null).Select(s => new ChartPoint(s.Concurrency, s.MachineCpuPercent!.Value)).ToArray()) { Color = 7, Unit = "%" });
        }

        series.Add(new ChartSeries("load generator", SeriesKind.Line, steps.Select(s => new ChartPoint(s.Concurrency, s.GeneratorUtilization * 100)).ToArray()) { Color = 6, Dashed = true, Unit = "%" });
        return new Chart("CPU per step", "users (N)", "CPU (% of the cores allowed)", series)
        {
            XScale = UslCurve.ScaleFor(steps.Select(s => (double)s.Concurrency)),
            YMax = 100,
            Caption = steps.Any(s => s.CpuPercent is not null) ? null : "No process was watched (--watch PID or --watch-name NAME): the machine and the generator only.",
        };
    }
}
