using System.CommandLine;
using System.Globalization;
using ScaleLab.Cli.Output;
using ScaleLab.Core.Merging;
using ScaleLab.Core.Results;
using Spectre.Console;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>scalelab merge A.hdr B.hdr … -o ALL.hdr</c> or <c>merge a.json b.json … -o all.json</c>: the results of
/// generators started separately, merged exactly (histograms added, never percentiles averaged).
/// </summary>
internal static class MergeCommand
{
    private static readonly Argument<string[]> Files = new("files")
    {
        Description = "Two or more HdrHistogram logs (run --hdr) or two or more run results (run --json), not a mix",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string?> Output = new("--output", "-o") { Description = "Write the merged log or result to this file (without it: print the merged summary only)" };

    public static Command Create()
    {
        var command = new Command("merge", "Merge the results of separate generators exactly: HdrHistogram logs, or run results")
        {
            Files, Output,
        };
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        var files = parse.GetValue(Files) ?? [];
        if (files.Length < 2)
        {
            throw new UsageException($"merge: give at least two files to merge (HdrHistogram logs or run results); got {files.Length}");
        }

        var output = parse.GetValue(Output);
        if (output is not null)
        {
            ResultFile.CheckWritable(output, "-o");
        }

        var inputs = files.Select(f => (Path: f, Text: InputFile.Read(f, "merge"))).ToArray();
        var kinds = inputs.Select(i => (i.Path, Kind: KindOf(i.Path, i.Text))).ToArray();
        if (kinds.Select(k => k.Kind).Distinct().Count() > 1)
        {
            var log = kinds.First(k => k.Kind == InputKind.HdrLog).Path;
            var json = kinds.First(k => k.Kind == InputKind.Json).Path;
            throw new UsageException($"merge: {log} is an HdrHistogram log and {json} a JSON result; merge logs with logs, results with results");
        }

        return kinds[0].Kind == InputKind.HdrLog
            ? MergeLogs(inputs, output)
            : MergeResults(files, output, startedAt);
    }

    private static int MergeResults(string[] files, string? output, DateTimeOffset startedAt)
    {
        var parts = files.Select(f => (RunResult)ResultInput.Read(f, ["run"], "merge reads run results (run --json) or HdrHistogram logs (run --hdr)")).ToArray();
        RunResult merged;
        try
        {
            merged = RunResultMerger.Merge(parts, files);
        }
        catch (MergeException ex)
        {
            throw new UsageException($"merge: {ex.Message}");
        }

        // The merge's own header, but the measurement's start: a merged result merges again on the wall clock.
        var header = ResultHeader.Create("run", startedAt, CommandLine.Current());
        merged = merged.WithHeader(header with { StartedAt = merged.StartedAt != default ? merged.StartedAt : startedAt });
        if (output is not null)
        {
            ResultFile.WriteJson(output, merged);
        }

        AnsiConsole.Console.WriteLine($"merged {files.Length} run results exactly (histograms added)");
        RunSummaryView.Write(AnsiConsole.Console, merged);
        if (output is not null)
        {
            Console.WriteLine($"result written to {output}");
        }

        return ExitCodes.Success;
    }

    private static int MergeLogs((string Path, string Text)[] inputs, string? output)
    {
        var logs = inputs.Select(i => HdrLogInput.Parse(i.Path, i.Text)).ToArray();
        HistogramLogMerge merged;
        try
        {
            merged = HistogramLogMerger.Merge([.. logs.Select(l => l.Intervals)], [.. inputs.Select(i => i.Path)]);
        }
        catch (MergeException ex)
        {
            throw new UsageException($"merge: {ex.Message}");
        }

        if (output is not null)
        {
            var first = logs.Min(l => l.StartMs);
            if (merged.Intervals.Count > 0)
            {
                first = Math.Min(first, merged.Intervals.Min(i => i.StartMs));
            }

            using var log = HdrLogFile.Create(output, DateTimeOffset.FromUnixTimeMilliseconds(first));
            foreach (var interval in merged.Intervals)
            {
                var histogram = LatencyHistogramCodec.Decode(interval.Histogram);
                histogram.Tag = interval.Tag;
                histogram.StartTimeStamp = interval.StartMs;
                histogram.EndTimeStamp = interval.EndMs;
                log.Append(histogram);
            }

            log.Complete(DateTimeOffset.FromUnixTimeMilliseconds(first));
        }

        var intervals = logs.Sum(l => l.Intervals.Count);
        AnsiConsole.Console.WriteLine($"merged {intervals} intervals of {inputs.Length} HdrHistogram logs into {merged.Intervals.Count} (histograms added)");
        WriteTotals(AnsiConsole.Console, merged.Totals);
        if (output is not null)
        {
            Console.WriteLine($"log written to {output}");
        }

        return ExitCodes.Success;
    }

    private static void WriteTotals(IAnsiConsole console, IReadOnlyList<TagTotal> totals)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("latency (ms)");
        foreach (var name in new[] { "count", "p50", "p90", "p99", "p99.9", "max" })
        {
            table.AddColumn(new TableColumn(name).RightAligned());
        }

        foreach (var total in totals)
        {
            static string Ms(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
            var l = total.LatencyMs;
            table.AddRow(Markup.Escape(total.Tag ?? "total"), total.Count.ToString(CultureInfo.InvariantCulture), Ms(l.P50), Ms(l.P90), Ms(l.P99), Ms(l.P999), Ms(l.Max));
        }

        console.Write(table);
    }

    /// <summary>What a file holds, by its content: a JSON object, or lines of the HdrHistogram log format.</summary>
    private static InputKind KindOf(string path, string text)
    {
        if (text.AsSpan().TrimStart().StartsWith("{"))
        {
            return InputKind.Json;
        }

        return HdrLogInput.LooksLikeLog(text)
            ? InputKind.HdrLog
            : throw new UsageException($"merge: {path} is neither an HdrHistogram log (run --hdr) nor a JSON run result (run --json)");
    }

    private enum InputKind
    {
        HdrLog,
        Json,
    }
}
