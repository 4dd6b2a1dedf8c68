using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Planning;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;
using ScaleLab.Core.Scaling;
using ScaleLab.Reports.Html;
using ScaleLab.Reports.Sections;

namespace ScaleLab.Reports;

/// <summary>
/// One self-contained HTML page for one or more results: a section per result, its verdict first and the evidence
/// (inline SVG charts, tables) under it, then its settings, machine and command line. It works offline and without
/// script: no font, image, style or script is fetched (a Content-Security-Policy forbids it), and every string from a
/// result is escaped.
/// </summary>
public static class HtmlReport
{
    /// <summary>The page for <paramref name="inputs"/>, in their order, and any <paramref name="extra"/> sections after them.</summary>
    public static string Render(IReadOnlyList<ReportInput> inputs, IReadOnlyList<ReportSection>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        extra ??= [];
        var html = new HtmlWriter();
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        // Nothing leaves the file: no request of any kind, whatever a result's strings hold.
        html.Raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">");
        html.Raw("<meta name=\"generator\" content=\"ScaleLab ").Text(ResultHeader.Version).Raw("\">");
        html.Open("title").Text(Title(inputs)).Close("title");
        html.Raw("<style>").Raw(ReportStyle.Css).Raw("</style></head><body>");

        html.Open("header", "page").Element("h1", Title(inputs));
        html.Paragraph(Subtitle(inputs, extra.Count));
        if (inputs.Count + extra.Count > 1)
        {
            html.Open("nav", "toc").Open("ul");
            for (var i = 0; i < inputs.Count; i++)
            {
                html.Open("li").Raw($"<a href=\"#{SectionId(i)}\">").Text($"{inputs[i].Result.Kind}: {Path.GetFileName(inputs[i].Source)}").Raw("</a>").Close("li");
            }

            for (var i = 0; i < extra.Count; i++)
            {
                html.Open("li").Raw($"<a href=\"#extra-{i + 1}\">").Text(extra[i].Title).Raw("</a>").Close("li");
            }

            html.Close("ul").Close("nav");
        }

        html.Close("header").Open("main");
        for (var i = 0; i < inputs.Count; i++)
        {
            html.Open("section", $"result kind-{Css(inputs[i].Result.Kind)}", SectionId(i));
            switch (inputs[i].Result)
            {
                case RunResult run:
                    RunSection.Write(html, run);
                    break;
                case DiagnoseResult diagnose:
                    DiagnoseSection.Write(html, diagnose);
                    break;
                case FitResult fit:
                    FitSection.Write(html, fit);
                    break;
                case ScaleResult scale:
                    ScaleSection.Write(html, scale);
                    break;
                case PlanResult plan:
                    PlanSection.Write(html, plan);
                    break;
                default:
                    html.Element("h2", $"{inputs[i].Result.Kind}: no report for this kind");
                    break;
            }

            ResultFacts.Write(html, inputs[i]);
            html.Close("section");
        }

        for (var i = 0; i < extra.Count; i++)
        {
            html.Open("section", "result kind-extra", $"extra-{i + 1}");
            html.Element("h2", extra[i].Title);
            html.Open("div", "verdict").Paragraph(extra[i].Verdict, "headline").Close("div");
            html.Charts([.. extra[i].Charts]);
            foreach (var note in extra[i].Notes)
            {
                html.Paragraph(note);
            }

            html.Close("section");
        }

        html.Close("main");
        html.Open("footer", "page").Text($"Made by ScaleLab {ResultHeader.Version}. Self-contained: the charts are inline SVG, nothing is fetched; hover a point for its value.").Close("footer");
        html.Raw("</body></html>\n");
        return html.ToString();
    }

    /// <summary>The page for one result.</summary>
    public static string Render(ResultDocument result, string source) => Render([new ReportInput(source, result)]);

    /// <summary>The anchor of the <paramref name="index"/>th result's section (0-based), for links into the page.</summary>
    public static string SectionId(int index) => $"result-{index + 1}";

    private static string Title(IReadOnlyList<ReportInput> inputs) => inputs.Count == 1
        ? $"ScaleLab {inputs[0].Result.Kind} report: {Path.GetFileName(inputs[0].Source)}"
        : $"ScaleLab report: {inputs.Count} results";

    private static string Subtitle(IReadOnlyList<ReportInput> inputs, int extra)
    {
        var kinds = inputs.GroupBy(i => i.Result.Kind).Select(g => g.Count() == 1 ? g.Key : $"{g.Count()} × {g.Key}");
        var sources = string.Join(", ", inputs.Select(i => Path.GetFileName(i.Source)));
        return $"{string.Join(", ", kinds)}{(extra > 0 ? $" and {extra} more" : "")}, from {sources}";
    }

    private static string Css(string kind) => new(kind.Where(char.IsAsciiLetterOrDigit).ToArray());
}
