using System.Globalization;
using ScaleLab.Core.Planning;
using Spectre.Console;

namespace ScaleLab.Cli.Output;

/// <summary>The plan as printed: the options side by side, the recommendation and its reasons, then what the numbers rest on.</summary>
internal static class PlanView
{
    public static void Write(IAnsiConsole console, PlanResult plan)
    {
        var i = CultureInfo.InvariantCulture;
        console.WriteLine(string.Create(i, $"target {plan.Target:#,0}/s ({plan.TargetSource}), objective {plan.Slo}; measured peak {plan.MeasuredPeak:#,0}/s"));
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("option");
        table.AddColumn("machine");
        table.AddColumn(new TableColumn("count").RightAligned());
        table.AddColumn(new TableColumn("capacity").RightAligned());
        table.AddColumn(new TableColumn("headroom").RightAligned());
        table.AddColumn(new TableColumn("latency").RightAligned());
        table.AddColumn(new TableColumn("per month").RightAligned());
        table.AddColumn("reaches");
        var currency = plan.Catalog.Currency == "USD" ? "$" : plan.Catalog.Currency + " ";
        foreach (var option in plan.Options)
        {
            var band = option.ThroughputCi is { } ci ? string.Create(i, $" [{ci.Lower:#,0}–{ci.Upper:#,0}]") : string.Empty;
            table.AddRow(
                option.Kind,
                Markup.Escape($"{option.Instance} ({option.Vcpus} vCPU)"),
                option.Count.ToString(i),
                Markup.Escape(string.Create(i, $"{option.Throughput:#,0}/s{band}")),
                string.Create(i, $"{option.Headroom * 100:+0;−0}%"),
                option.LatencyMs is { } ms ? string.Create(i, $"{ms:0.##} ms") : "not measured",
                Markup.Escape(string.Create(i, $"{currency}{option.MonthlyCost:#,0}")),
                option.Reachable ? "yes" : "[red]no[/]");
        }

        console.Write(table);
        var recommendation = plan.Recommendation;
        console.MarkupLine($"[bold]recommended: {Markup.Escape(recommendation.Summary)}[/]");
        foreach (var reason in recommendation.Reasons)
        {
            console.WriteLine($"  - {reason}");
        }

        if (plan.ScaleOut?.Failure is { } failure && plan.Options.Any(o => o is { Kind: "scale-out", Reachable: true }))
        {
            console.WriteLine(string.Create(i,
                $"losing 1 of {failure.Count}: capacity {failure.Capacity:#,0}/s → {failure.CapacityAfterLoss:#,0}/s (−{failure.LostShare * 100:0}%, 1/N = {failure.IdealLostShare * 100:0}%); {(failure.MeetsTargetAfterLoss ? "still covers the target" : failure.CountWithOneSpare is { } spare ? $"short of the target: {spare} replicas survive one failure" : "short of the target, at any count")}"));
        }

        foreach (var option in plan.Options)
        {
            console.WriteLine($"{option.Kind}:");
            foreach (var note in option.Notes)
            {
                console.WriteLine($"  {note}");
            }
        }

        foreach (var warning in plan.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }
    }
}
