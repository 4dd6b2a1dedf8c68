using System.CommandLine;
using System.CommandLine.Parsing;
using ScaleLab.Cli.Output;
using ScaleLab.Core.Comparison;
using ScaleLab.Core.Results;
using Spectre.Console;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>scalelab compare BEFORE.json AFTER.json</c>, or repeated runs <c>a1 a2 a3 -- b1 b2 b3</c>: every figure's
/// change and whether it is beyond noise; <c>--fail-if</c> turns a regression into exit code 1.
/// </summary>
internal static class CompareCommand
{
    private static readonly Argument<string[]> Files = new("files")
    {
        Description = "BEFORE.json AFTER.json, or several before, --, several after (repeated runs)",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string[]> FailIf = new("--fail-if")
    {
        Description = "Exit 1 when a change beyond noise passes this bound: p99>+10%, capacity<-5%, sigma>+0.05 (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<double> Alpha = new("--alpha")
    {
        Description = "A change with p below this is beyond noise",
        DefaultValueFactory = _ => ResultComparer.DefaultAlpha,
    };

    private static readonly Option<string?> Json = new("--json") { Description = "Write the comparison as JSON to this file" };

    public static Command Create()
    {
        var command = new Command("compare", "Compare results before and after a change: what moved beyond noise (benchstat-style)")
        {
            Files, FailIf, Alpha, Json,
        };
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        // The conditions first: a misspelt one is an error before any file is read.
        var conditions = (parse.GetValue(FailIf) ?? []).Select(Condition).ToArray();
        var alpha = parse.GetValue(Alpha);
        if (!(alpha > 0 && alpha < 1))
        {
            throw new UsageException($"--alpha {alpha}: give a level strictly between 0 and 1, such as 0.05");
        }

        var json = parse.GetValue(Json);
        if (json is not null)
        {
            ResultFile.CheckWritable(json, "--json");
        }

        var (before, after) = Sides(parse);
        var beforeResults = before.Select(f => (f, ResultInput.Read(f))).ToArray();
        var afterResults = after.Select(f => (f, ResultInput.Read(f))).ToArray();
        Comparison comparison;
        try
        {
            comparison = ResultComparer.Compare(beforeResults, afterResults, alpha);
        }
        catch (ComparisonException ex)
        {
            throw new UsageException(ex.Message);
        }

        var outcomes = new List<FailOutcome>();
        foreach (var condition in conditions)
        {
            outcomes.Add(condition.Judge(comparison)
                ?? throw new UsageException($"--fail-if {condition.Expression}: {comparison.Kind} results have no {condition.Metric} on both sides; they have {string.Join(", ", Available(comparison))}"));
        }

        var result = CompareResult.Create(ResultHeader.Create("compare", startedAt, CommandLine.Current()), before, after, comparison, outcomes);
        CompareView.Write(AnsiConsole.Console, result);
        if (json is not null)
        {
            ResultFile.WriteJson(json, result);
            Console.WriteLine($"result written to {json}");
        }

        return outcomes.Any(o => o.Holds) ? ExitCodes.CheckFailed : ExitCodes.Success;
    }

    private static FailCondition Condition(string text)
    {
        try
        {
            return FailCondition.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--fail-if {ex.Message}");
        }
    }

    private static IEnumerable<string> Available(Comparison comparison) =>
        comparison.Metrics.Where(m => m.Change is not null && FailCondition.Metrics.Contains(m.Metric)).Select(m => m.Metric).Distinct();

    /// <summary>
    /// The files before and after: two files, or the files on either side of <c>--</c>. System.CommandLine hands
    /// every file to the argument; where the <c>--</c> token fell among them tells the sides apart.
    /// </summary>
    private static (string[] Before, string[] After) Sides(ParseResult parse)
    {
        var files = parse.GetResult(Files)?.Tokens ?? [];
        var separator = -1;
        for (var i = 0; i < parse.Tokens.Count; i++)
        {
            if (parse.Tokens[i].Type == TokenType.DoubleDash)
            {
                separator = i;
                break;
            }
        }

        if (separator < 0)
        {
            return files.Count == 2
                ? ([files[0].Value], [files[1].Value])
                : throw new UsageException($"compare takes two results (BEFORE.json AFTER.json), or repeated runs on either side of --: a1.json a2.json -- b1.json b2.json; got {files.Count} files");
        }

        var before = new List<string>();
        var after = new List<string>();
        foreach (var token in files)
        {
            var position = IndexOf(parse.Tokens, token);
            (position < separator ? before : after).Add(token.Value);
        }

        if (before.Count == 0 || after.Count == 0)
        {
            throw new UsageException("compare: give at least one result on each side of --: a1.json a2.json -- b1.json b2.json");
        }

        return ([.. before], [.. after]);
    }

    private static int IndexOf(IReadOnlyList<Token> tokens, Token token)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (ReferenceEquals(tokens[i], token))
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
