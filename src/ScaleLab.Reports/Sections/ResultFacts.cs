using System.Globalization;
using ScaleLab.Reports.Html;

namespace ScaleLab.Reports.Sections;

/// <summary>What every section ends with, whatever the kind: the machine, the command line, the file and the version.</summary>
internal static class ResultFacts
{
    public static void Write(HtmlWriter html, ReportInput input)
    {
        var result = input.Result;
        html.Open("div", "columns");
        html.Open("div").Element("h3", "Machine");
        if (result.Machine is { } machine)
        {
            html.Settings(
            [
                ("cores", machine.Cores.ToString(CultureInfo.InvariantCulture)),
                ("OS", machine.Os),
                ("architecture", machine.Architecture),
                ("runtime", machine.Runtime),
                ("host", machine.HostName),
            ]);
        }
        else
        {
            html.Paragraph("not recorded", "caption");
        }

        html.Close("div").Open("div").Element("h3", "Result");
        html.Settings(
        [
            ("file", input.Source),
            ("kind", $"{result.Kind} (schema {result.SchemaVersion})"),
            ("started", result.StartedAt == default ? null : result.StartedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'zzz", CultureInfo.InvariantCulture)),
            ("ScaleLab", result.ScalelabVersion),
        ]);
        html.Close("div").Close("div");
        if (!string.IsNullOrWhiteSpace(result.CommandLine))
        {
            html.Element("h3", "Command line");
            html.Element("pre", result.CommandLine, "command");
        }
    }
}
