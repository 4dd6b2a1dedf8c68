using System.Globalization;
using ScaleLab.Cli.Plots;
using ScaleLab.Core.Scaling;
using Spectre.Console;

namespace ScaleLab.Cli.Output;

/// <summary>
/// The report <c>scalelab scale</c> prints: every step (capacity, efficiency, latency, warm-up, the busiest tiers),
/// the verdict in the seed article's words, the USL, scale-up beside scale-out, and capacity against the linear ideal.
/// </summary>
internal static class ScaleReportView
{
    private static readonly CultureInfo I = CultureInfo.InvariantCulture;

    public static void Write(IAnsiConsole console, ScaleResult result)
    {
        console.MarkupLine($"[bold]scalelab scale[/] {Markup.Escape(result.Target)}   objective {Markup.Escape(result.Slo.ToString())}   {result.DurationSeconds.ToString("0", I)} s");
        if (result.Steps.Count == 0)
        {
            console.MarkupLine("[yellow]nothing was measured[/]");
            Warnings(console, result);
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "replicas", "cpus", "memory", "capacity req/s", "efficiency", "p50 ms", "p99 ms", "errors", "warm-up", "busiest tiers (CPU of allowed)" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        table.Columns[^1].LeftAligned();
        foreach (var step in result.Steps)
        {
            table.AddRow(
                step.Replicas.ToString(I),
                step.Cpus?.ToString(I) ?? "all",
                step.MemoryMb is { } mb ? mb.ToString(I) + " MiB" : "-",
                step.Capacity.ToString("0.#", I) + (step.GeneratorLimited ? $" [yellow]({Markup.Escape(step.LimitedBy ?? "generator")})[/]" : ""),
                step.Efficiency.ToString("0.00", I),
                step.LatencyMs.P50.ToString("0.#", I),
                step.LatencyMs.P99.ToString("0.#", I),
                step.Requests > 0 ? (100.0 * step.Errors / step.Requests).ToString("0.##", I) + "%" : "-",
                step.WarmupSeconds.ToString("0.#", I) + " s",
                Markup.Escape(Busiest(step)));
        }

        console.Write(table);
        if (result.Verdict is { } verdict)
        {
            var colour = verdict.Kind switch { "linear" => "green", "sub-linear" => "yellow", "retrograde" => "red", _ => "grey" };
            var bottleneck = verdict.Bottleneck is { } b ? $", bottleneck: {b}" : "";
            console.MarkupLine($"[bold]verdict:[/] [{colour}]{Markup.Escape(verdict.Kind)}[/] (cause: {Markup.Escape(verdict.Cause)}{Markup.Escape(bottleneck)})");
            console.WriteLine(verdict.Summary);
            console.MarkupLine($"[bold]advice:[/] {Markup.Escape(verdict.Advice)}");
        }

        if (result.Usl is { } usl)
        {
            console.MarkupLine($"[grey]{Markup.Escape(string.Create(I, $"USL over replicas: σ = {usl.Sigma:0.####}{Ci(usl.SigmaCi)}, κ = {usl.Kappa:0.#####}{Ci(usl.KappaCi)}, λ = {usl.Lambda:0.#} req/s per replica, R² = {usl.R2:0.###}{(usl.PeakConcurrency is { } peak ? $", peak at {peak:0.#} replicas" : "")}"))}[/]");
        }

        if (result.Comparison.Count > 0)
        {
            var comparison = new Table().Border(TableBorder.Rounded).Title("scale-up beside scale-out, same cores");
            comparison.AddColumns("cores", "scale-up (1 replica)", "scale-out", "better");
            foreach (var row in result.Comparison)
            {
                comparison.AddRow(
                    row.Cores.ToString(I),
                    row.ScaleUpCapacity is { } up ? string.Create(I, $"{row.ScaleUpCpus} CPU: {up:0.#} req/s") : "-",
                    row.ScaleOutCapacity is { } across ? string.Create(I, $"{row.ScaleOutReplicas} replicas: {across:0.#} req/s") : "-",
                    row.Better ?? "-");
            }

            console.Write(comparison);
        }

        if (result.Fault is { } fault)
        {
            console.MarkupLine($"[bold]one replica killed:[/] {Markup.Escape(Experiments.Scaling.FaultSummary.Describe(fault))}");
        }

        if (ScaleTextChart.Render(ScaleAnalysis.ScaleOutSeries(result.Steps)) is { } chart)
        {
            console.WriteLine();
            console.Write(chart);
            console.WriteLine();
        }

        Warnings(console, result);
    }

    private static void Warnings(IAnsiConsole console, ScaleResult result)
    {
        foreach (var warning in result.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }
    }

    /// <summary>The three tiers using the most CPU, in cores: "db-0 91%, replica-1 40%, balancer 12%".</summary>
    private static string Busiest(ScaleStep step) =>
        string.Join(", ", step.Tiers.OrderByDescending(t => t.CpuCores).Take(3).Select(t => string.Create(I, $"{t.Name} {t.CpuPercent:0}%")));

    private static string Ci(Core.Scalability.ConfidenceInterval? ci) =>
        ci is { } c ? string.Create(I, $" [{c.Lower:0.####}, {c.Upper:0.####}]") : "";
}
