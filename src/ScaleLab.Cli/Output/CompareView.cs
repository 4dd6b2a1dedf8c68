using ScaleLab.Core.Comparison;
using Spectre.Console;

namespace ScaleLab.Cli.Output;

/// <summary>
/// The comparison as benchstat prints one: before, after, the change and its p-value, <c>~</c> where the change is
/// within noise; then the one-line summary and the <c>--fail-if</c> outcomes.
/// </summary>
internal static class CompareView
{
    public static void Write(IAnsiConsole console, CompareResult result)
    {
        console.WriteLine($"{result.ComparedKind}: {Files(result.Before)} \u2192 {Files(result.After)}");
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("");
        table.AddColumn(new TableColumn("before").RightAligned());
        table.AddColumn(new TableColumn("after").RightAligned());
        table.AddColumn(new TableColumn("change").RightAligned());
        table.AddColumn("noise");
        foreach (var m in result.Metrics)
        {
            table.AddRow(
                Markup.Escape(m.Label),
                Markup.Escape(ComparisonText.Value(m.Before, m.Unit)),
                Markup.Escape(ComparisonText.Value(m.After, m.Unit)),
                Markup.Escape(m.BeyondNoise == false ? "~" : ComparisonText.Change(m)),
                Markup.Escape(Noise(m)));
        }

        console.Write(table);
        console.MarkupLine($"[bold]{Markup.Escape(result.Summary)}[/]");
        foreach (var warning in result.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        foreach (var outcome in result.FailIf)
        {
            var note = outcome.Note is null ? string.Empty : $" ({outcome.Note})";
            console.MarkupLine(outcome.Holds
                ? $"[bold red]FAILED:[/] {Markup.Escape($"{outcome.Expression}: {outcome.Metric} changed {outcome.Change}{note}")}"
                : $"passed: {Markup.Escape($"{outcome.Expression}: {outcome.Metric} changed {outcome.Change}{note}")}");
        }
    }

    private static string Noise(MetricChange m) => m switch
    {
        { PValue: { } p } => $"{ComparisonText.PValue(p)}, {Runs(m)}",
        { Note: { } note } => note,
        _ => "no noise estimate",
    };

    private static string Runs(MetricChange m) => m.Test switch
    {
        NoiseTest.RunsMannWhitney => "runs",
        NoiseTest.IntervalsMannWhitney => "intervals",
        NoiseTest.HistogramPercentile or NoiseTest.HistogramMannWhitney => "histograms",
        NoiseTest.Proportions => "proportions",
        NoiseTest.StandardErrors => "std. errors",
        _ => m.Test ?? "?",
    };

    private static string Files(IReadOnlyList<string> files) => files.Count == 1 ? files[0] : $"{files.Count} runs ({files[0]} …)";
}
