using System.Globalization;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Scalability;
using Spectre.Console;

namespace ScaleLab.Cli.Output;

/// <summary>
/// The account <c>scalelab diagnose</c> prints: the verdict, the numbers behind it (one user against the
/// objective, every step with its efficiency, the fit), the advice, and how far to trust it.
/// </summary>
internal static class DiagnoseReportView
{
    public static void Write(IAnsiConsole console, DiagnoseResult result, Judgement judgement, DiagnosisThresholds? thresholds = null)
    {
        var t = thresholds ?? DiagnosisThresholds.Default;
        console.MarkupLine($"[bold]scalelab diagnose[/] {Markup.Escape(result.Target)}   objective {Markup.Escape(result.Slo.ToString())}, {result.Users} users to serve");
        if (result.Watch is { Processes.Count: > 0 } watch)
        {
            // Which processes were charged as the target, so that a name that matched the wrong ones shows.
            console.MarkupLine($"[grey]watched: {Markup.Escape(string.Join(", ", watch.Processes.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Pid} {p.Name}"))))}[/]");
        }

        console.WriteLine();
        if (result.Verdict is not { } verdict)
        {
            console.MarkupLine("[yellow]no verdict:[/] nothing was measured");
            WriteConfidence(console, result.Confidence);
            return;
        }

        var cause = verdict.Cause == VerdictCause.None ? string.Empty : $" ({Name(verdict.Cause)})";
        console.MarkupLine($"[bold]verdict:[/] [{Colour(verdict.Kind)}]{Name(verdict.Kind)}{cause}[/]");
        console.WriteLine(verdict.Summary);
        console.WriteLine();

        if (result.Steps.Count > 0)
        {
            console.Write(Steps(result, t));
        }

        if (result.Ramp is { } ramp)
        {
            console.MarkupLine($"[grey]ramp ended: {Markup.Escape(ramp.Message)}[/]");
        }

        if (judgement.Analysis is { } analysis)
        {
            console.MarkupLine($"[grey]{Markup.Escape(Fit(analysis))}[/]");
        }

        console.WriteLine();
        console.MarkupLine("[bold]evidence[/]");
        foreach (var line in verdict.Evidence)
        {
            console.MarkupLine($"  • {Markup.Escape(line)}");
        }

        console.MarkupLine("[bold]advice[/]");
        var number = 1;
        foreach (var line in verdict.Advice)
        {
            console.MarkupLine($"  {number++}. {Markup.Escape(line)}");
        }

        WriteConfidence(console, result.Confidence);
    }

    private static Table Steps(DiagnoseResult result, DiagnosisThresholds t)
    {
        var watched = result.Steps.Any(s => s.CpuPercent is not null);
        var machine = result.Steps.Any(s => s.MachineCpuPercent is not null);
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn("users").RightAligned())
            .AddColumn(new TableColumn("req/s").RightAligned())
            .AddColumn(new TableColumn("efficiency").RightAligned())
            .AddColumn(new TableColumn("p50 ms").RightAligned())
            .AddColumn(new TableColumn($"{result.Slo.Name} ms").RightAligned())
            .AddColumn(new TableColumn("errors").RightAligned());
        if (watched)
        {
            table.AddColumn(new TableColumn("target CPU").RightAligned());
            table.AddColumn(new TableColumn("RSS MiB").RightAligned());
        }

        if (machine)
        {
            table.AddColumn(new TableColumn("machine CPU").RightAligned());
        }

        table.AddColumn("");
        foreach (var step in result.Steps)
        {
            var value = result.Slo.ValueOf(step.LatencyMs);
            var cells = new List<string>
            {
                I(step.Concurrency),
                F(step.Throughput),
                step.Efficiency is { } e ? Markup.Escape(e.ToString("0.00", CultureInfo.InvariantCulture)) : "-",
                F(step.LatencyMs.P50),
                value > result.Slo.ThresholdMs ? $"[red]{F(value)}[/]" : F(value),
                step.ErrorRate > 0 ? $"[red]{step.ErrorRate.ToString("P1", CultureInfo.InvariantCulture)}[/]" : "0",
            };
            if (watched)
            {
                cells.Add(step.CpuPercent is { } cpu ? Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{cpu:0}% of {step.CpuLimit:0.##}")) : "-");
                cells.Add(step.RssBytes is { } rss ? F(rss / 1024.0 / 1024.0) : "-");
            }

            if (machine)
            {
                cells.Add(step.MachineCpuPercent is { } m ? Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{m:0}%")) : "-");
            }

            cells.Add(Markup.Escape(StepNotes.Describe(step, t)));
            table.AddRow(cells.ToArray());
        }

        return table;
    }

    private static string Fit(ScalabilityAnalysis analysis)
    {
        var i = CultureInfo.InvariantCulture;
        var usl = analysis.Usl;
        var text = string.Create(i, $"USL fit: σ = {Coefficient(usl.Model.Sigma)}, κ = {Coefficient(usl.Model.Kappa)}, λ = {usl.Model.Lambda:0.#} req/s, R² = {usl.RSquared:0.000}");
        if (usl.PeakConcurrency is { } peak)
        {
            text += string.Create(i, $"; peak N* = {peak:0.#} at {usl.PeakThroughput:0.#} req/s");
        }
        else if (usl.AmdahlCeiling is { } ceiling)
        {
            text += string.Create(i, $"; no peak, ceiling λ/σ = {ceiling:0.#} req/s");
        }

        return text + $"; preferred: {analysis.Preferred.ToString().ToLowerInvariant()}";
    }

    private static void WriteConfidence(IAnsiConsole console, DiagnosisConfidence confidence)
    {
        var colour = confidence.Level switch
        {
            ConfidenceLevel.High => "green",
            ConfidenceLevel.Medium => "yellow",
            _ => "red",
        };
        console.MarkupLine($"[bold]confidence:[/] [{colour}]{confidence.Level.ToString().ToLowerInvariant()}[/]");
        foreach (var note in confidence.Notes)
        {
            console.MarkupLine($"  [grey]•[/] {Markup.Escape(note.Message)}");
        }
    }

    private static string Colour(VerdictKind kind) => kind switch
    {
        VerdictKind.Healthy => "green",
        VerdictKind.Both or VerdictKind.Failing => "red",
        _ => "yellow",
    };

    private static string Name<T>(T value) where T : Enum => value.ToString().ToLowerInvariant();

    private static string F(double value) => Markup.Escape(value.ToString(Math.Abs(value) >= 100 ? "0" : Math.Abs(value) >= 10 ? "0.#" : "0.##", CultureInfo.InvariantCulture));

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Coefficient(double value) => Math.Abs(value) switch
    {
        0 => "0",
        >= 0.01 => value.ToString("0.###", CultureInfo.InvariantCulture),
        >= 0.0001 => value.ToString("0.######", CultureInfo.InvariantCulture),
        _ => value.ToString("0.#e+0", CultureInfo.InvariantCulture),
    };
}
