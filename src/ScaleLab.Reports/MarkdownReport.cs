using System.Text;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Planning;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;
using ScaleLab.Core.Scaling;
using ScaleLab.Reports.Sections;

namespace ScaleLab.Reports;

/// <summary>
/// A summary of one or more results for a pull-request comment: each result's verdict and key figures as a table,
/// and, when the HTML report's address is given, a link to each section's charts (a comment cannot hold them).
/// Strings from the results are escaped so that they cannot break the table or inject markup.
/// </summary>
public static class MarkdownReport
{
    /// <summary>The summary; <paramref name="htmlLink"/> is the HTML report's address (relative or absolute), or null for none.</summary>
    public static string Render(IReadOnlyList<ReportInput> inputs, string? htmlLink = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var md = new StringBuilder();
        md.Append("## ScaleLab report\n\n");
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            md.Append("### ").Append(Escape($"{input.Result.Kind}: {Subject(input.Result)}")).Append("\n\n");
            var (tone, headline) = Verdict(input.Result);
            md.Append(tone switch { "good" => "✅ ", "bad" => "❌ ", _ => "⚠️ " }).Append("**").Append(Escape(headline)).Append("**\n\n");
            md.Append("| | |\n|---|---|\n");
            foreach (var (name, value) in Figures(input.Result))
            {
                md.Append("| ").Append(Escape(name)).Append(" | ").Append(Escape(value)).Append(" |\n");
            }

            md.Append('\n');
            if (htmlLink is not null)
            {
                md.Append("Charts: [").Append(Escape($"{Path.GetFileName(htmlLink)}, {input.Result.Kind}")).Append("](")
                    .Append(LinkTarget(htmlLink)).Append('#').Append(HtmlReport.SectionId(i)).Append(")\n\n");
            }

            md.Append("<sub>").Append(Escape(Path.GetFileName(input.Source))).Append(" · ").Append(Escape(input.Result.CommandLine)).Append("</sub>\n\n");
        }

        return md.ToString();
    }

    private static string Subject(ResultDocument result) => result switch
    {
        RunResult run => run.Target,
        DiagnoseResult diagnose => diagnose.Target,
        FitResult fit => fit.Source.File,
        ScaleResult scale => scale.Target,
        PlanResult plan => $"target {PlanSection.Rate(plan.Target)}",
        _ => string.Empty,
    };

    private static (string Tone, string Headline) Verdict(ResultDocument result)
    {
        switch (result)
        {
            case RunResult run:
                var (tone, headline, _) = RunSection.Verdict(run);
                return (tone, headline);
            case DiagnoseResult diagnose:
                return (DiagnoseSection.Tone(diagnose.Verdict?.Kind), diagnose.Verdict?.Summary ?? DiagnoseSection.Headline(diagnose));
            case FitResult fit:
                return (fit.Warnings.Count > 0 ? "warn" : "good", FitSection.Headline(fit));
            case ScaleResult scale:
                return (ScaleSection.Tone(scale.Verdict), scale.Verdict?.Summary ?? ScaleSection.Headline(scale));
            case PlanResult plan:
                return (PlanSection.Tone(plan), PlanSection.Headline(plan));
            default:
                return ("warn", result.Kind);
        }
    }

    private static IEnumerable<(string, string)> Figures(ResultDocument result)
    {
        switch (result)
        {
            case RunResult run:
                yield return ("throughput", $"{Text.Figures.Number(run.Throughput)} req/s");
                yield return ("latency p50 / p90 / p99 / max", $"{Text.Figures.Number(run.LatencyMs.P50)} / {Text.Figures.Number(run.LatencyMs.P90)} / {Text.Figures.Number(run.LatencyMs.P99)} / {Text.Figures.Number(run.LatencyMs.Max)} ms");
                yield return ("errors", $"{Text.Figures.Number(run.Errors)} of {Text.Figures.Number(run.Requests)} ({Text.Figures.Percent(run.ErrorRate)})");
                foreach (var threshold in run.Thresholds)
                {
                    yield return ($"threshold {threshold.Expression}", $"{(threshold.Passed ? "held" : "failed")} ({Text.Figures.Number(threshold.Actual)})");
                }

                break;
            case DiagnoseResult diagnose:
                yield return ("verdict", $"{diagnose.Verdict?.Kind.ToString().ToLowerInvariant() ?? "none"}, cause {diagnose.Verdict?.Cause.ToString().ToLowerInvariant() ?? "none"}");
                if (diagnose.Baseline is { } baseline)
                {
                    yield return ("one user p99", Text.Figures.Ms(baseline.LatencyMs.P99));
                }

                if (diagnose.Steps.Count > 0)
                {
                    var best = diagnose.Steps.MaxBy(s => s.Throughput)!;
                    yield return ("peak measured", $"{Text.Figures.Number(best.Throughput)} req/s at {best.Concurrency} users");
                }

                foreach (var figure in Usl(diagnose.Usl))
                {
                    yield return figure;
                }

                break;
            case FitResult fit:
                yield return ("preferred", fit.Preferred.ToString().ToLowerInvariant());
                foreach (var figure in Usl(fit.Usl))
                {
                    yield return figure;
                }

                yield return ("R²", Text.Figures.Number(fit.Usl.R2));
                break;
            case ScaleResult scale:
                foreach (var step in scale.Steps)
                {
                    yield return (ScaleSection.StepName(step), $"{Text.Figures.Number(step.Capacity)} req/s, efficiency {Text.Figures.Number(step.Efficiency)}");
                }

                if (scale.Verdict?.Bottleneck is { } bottleneck)
                {
                    yield return ("bottleneck", bottleneck);
                }

                foreach (var figure in Usl(scale.Usl))
                {
                    yield return figure;
                }

                if (scale.Fault is { } fault)
                {
                    yield return ($"{fault.Replica} killed", $"{Text.Figures.Number(fault.Errors)} errors, capacity {Text.Figures.Number(fault.CapacityBefore)} → {Text.Figures.Number(fault.CapacityDuring)} req/s");
                }

                break;
            case PlanResult plan:
                yield return ("target", $"{PlanSection.Rate(plan.Target)} ({plan.TargetSource}), {plan.Slo}");
                foreach (var option in plan.Options)
                {
                    yield return (
                        $"{option.Kind}: {option.Count} × {option.Instance}",
                        $"{PlanSection.Rate(option.Throughput)}, {PlanSection.Money(option.MonthlyCost, plan.Catalog.Currency)}/month, {(option.Reachable ? "reaches" : "does not reach")} the target (headroom {PlanSection.Signed(option.Headroom)})");
                }

                foreach (var reason in plan.Recommendation.Reasons)
                {
                    yield return ("why", reason);
                }

                if (PlanSection.FailureNote(plan) is { } failure)
                {
                    yield return ("1 of N", failure);
                }

                break;
        }
    }

    private static IEnumerable<(string, string)> Usl(UslSection? usl)
    {
        if (usl is null)
        {
            yield break;
        }

        yield return ("σ / κ / λ", $"{Text.Figures.Number(usl.Sigma)} / {Text.Figures.Number(usl.Kappa)} / {Text.Figures.Number(usl.Lambda)}");
        yield return ("N*", usl.PeakConcurrency is { } n ? $"{Text.Figures.Number(n)} ({Text.Figures.Number(usl.PeakThroughput)} req/s)" : "none");
    }

    /// <summary>
    /// A link's address as written (relative or absolute), with only what would end a Markdown link destination or
    /// start HTML percent-encoded.
    /// </summary>
    private static string LinkTarget(string link)
    {
        var builder = new StringBuilder(link.Length);
        foreach (var c in link)
        {
            builder.Append(c switch
            {
                ' ' => "%20",
                '(' => "%28",
                ')' => "%29",
                '<' => "%3C",
                '>' => "%3E",
                '"' => "%22",
                '#' when builder.Length == 0 => "%23",
                < ' ' => string.Empty,
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>
    /// Text for a Markdown table cell or heading: markup characters backslash-escaped, HTML brackets as entities,
    /// pipes escaped (they would split the cell), newlines as spaces.
    /// </summary>
    internal static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '&': builder.Append("&amp;"); break;
                case '\n' or '\r' or '\t': builder.Append(' '); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '#' or '!' or '~': builder.Append('\\').Append(c); break;
                case < ' ': break;
                default: builder.Append(c); break;
            }
        }

        return builder.ToString();
    }
}
