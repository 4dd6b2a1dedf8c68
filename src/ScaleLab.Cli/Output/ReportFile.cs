using ScaleLab.Core.Results;
using ScaleLab.Reports;

namespace ScaleLab.Cli.Output;

/// <summary>
/// <c>--report FILE.html</c> on every command that measures (run, fit, diagnose, scale) and on plan: the option, its check before
/// any work, and the HTML report of the command's result written whole or not at all.
/// </summary>
internal static class ReportFile
{
    public static System.CommandLine.Option<string?> CreateOption() =>
        new("--report") { Description = "Write a self-contained HTML report (verdict, charts, settings; works offline) to this file." };

    /// <summary>Checks, before any work, that <paramref name="path"/> names an HTML file that can be written.</summary>
    public static void CheckWritable(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".html" or ".htm") && !File.Exists(path))
        {
            throw new UsageException($"--report {path}: the file name must end in .html");
        }

        ResultFile.CheckWritable(path, "--report");
    }

    /// <summary>Writes the report of <paramref name="result"/>, naming <paramref name="source"/> (its JSON file, when one was written) as where it came from.</summary>
    public static void Write(string path, ResultDocument result, string? source)
    {
        var html = HtmlReport.Render(result, source ?? Path.GetFileName(path));
        ResultFile.WriteAtomically(path, stream =>
        {
            using var writer = new StreamWriter(stream);
            writer.Write(html);
        });
    }
}
