using System.Globalization;
using ScaleLab.Core.Results;
using ScaleLab.Core.Thresholds;
using Spectre.Console;

namespace ScaleLab.Cli.Output;

/// <summary>The thresholds' pass/fail lines, printed after a command's summary: one per threshold, in the order given.</summary>
internal static class ThresholdView
{
    public static void Write(IAnsiConsole console, IReadOnlyList<ThresholdExpression> thresholds, IReadOnlyList<ThresholdOutcome> outcomes, string? judgedOn = null)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        console.WriteLine(judgedOn is null ? "thresholds" : $"thresholds, judged on {judgedOn}");
        var width = outcomes.Max(o => o.Expression.Length);
        for (var i = 0; i < outcomes.Count; i++)
        {
            var outcome = outcomes[i];
            var unit = thresholds[i].Unit;
            var actual = string.Create(CultureInfo.InvariantCulture, $"{outcome.Actual:0.###}") + (unit.Length == 0 || unit == "/s" ? unit : " " + unit);
            var mark = outcome.Passed ? "[green]passed[/]" : "[bold red]FAILED[/]";
            console.MarkupLine($"  {mark}  {Markup.Escape(outcome.Expression.PadRight(width))}   {Markup.Escape(actual)}");
        }
    }
}
