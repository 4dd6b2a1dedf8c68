using System.CommandLine;
using ScaleLab.Cli.Output;
using ScaleLab.Reports;

namespace ScaleLab.Cli.Commands;

/// <summary><c>scalelab report FILE.json…</c>: one HTML page (or a Markdown summary, or CSV) from the JSON results of run, fit, diagnose, scale and plan.</summary>
internal static class ReportCommand
{
    private static readonly Argument<string[]> Files = new("files")
    {
        Description = "JSON results written with --json by run, fit, diagnose, scale or plan; one section each",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string?> Output = new("--output", "-o") { Description = "The file to write (html: required; md and csv: stdout without it)." };
    private static readonly Option<string> Format = new("--format") { Description = "html (a self-contained page with charts), md (a pull-request comment) or csv (the steps, intervals or cost curve).", DefaultValueFactory = _ => "html" };
    private static readonly Option<string?> Link = new("--link") { Description = "md: the HTML report's address, for links to its charts." };

    public static Command Create()
    {
        var command = new Command("report", "An HTML report with charts (or a Markdown summary, or CSV) from JSON results of run, fit, diagnose, scale and plan.")
        {
            Files, Output, Format, Link,
        };
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        var format = parse.GetValue(Format)!.Trim().ToLowerInvariant();
        var output = parse.GetValue(Output);
        if (format is not ("html" or "md" or "csv"))
        {
            throw new UsageException($"--format {parse.GetValue(Format)}: use html, md or csv");
        }

        if (format == "html" && output is null)
        {
            throw new UsageException("an HTML report needs a file: -o report.html");
        }

        if (output is not null)
        {
            ResultFile.CheckWritable(output, "-o");
            if (parse.GetValue(Files)!.Any(f => string.Equals(Path.GetFullPath(f), Path.GetFullPath(output), StringComparison.Ordinal)))
            {
                throw new UsageException($"-o {output}: that is one of the results read; the report would replace it");
            }
        }

        var inputs = parse.GetValue(Files)!.Select(Read).ToArray();
        string text;
        try
        {
            text = format switch
            {
                "md" => MarkdownReport.Render(inputs, parse.GetValue(Link)),
                "csv" => CsvReport.Render(inputs),
                _ => HtmlReport.Render(inputs),
            };
        }
        catch (ReportInputException ex)
        {
            throw new UsageException(ex.Message);
        }

        if (output is null)
        {
            Console.Out.Write(text);
            return ExitCodes.Success;
        }

        ResultFile.WriteAtomically(output, stream =>
        {
            using var writer = new StreamWriter(stream);
            writer.Write(text);
        });
        Console.WriteLine($"{format} report of {inputs.Length} result{(inputs.Length == 1 ? "" : "s")} written to {output}");
        return ExitCodes.Success;
    }

    private static ReportInput Read(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new UsageException($"{path}: no such file");
        }

        var json = InputFile.Read(path, "the result file");
        try
        {
            return ResultReader.Read(json, path);
        }
        catch (ReportInputException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
