using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using ScaleLab.Cli.Output;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Planning;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scaling;
using Spectre.Console;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>scalelab plan --from SCALE.json --target 10000rps</c>: from measured capacity per replica count (and per core
/// count), how many replicas or how large a machine a target needs, at what monthly cost, and which to choose.
/// </summary>
internal static partial class PlanCommand
{
    private static readonly Option<string[]> From = new("--from")
    {
        Description = "A scale result (required), and optionally a diagnose result of one instance (repeat the option)",
        Required = true,
    };

    private static readonly Option<string?> Target = new("--target") { Description = "The throughput to reach: 10000rps, 2500/s, 12k" };
    private static readonly Option<string?> Growth = new("--growth") { Description = "Or a multiple of the measured peak: 3x" };
    private static readonly Option<string?> SloOption = new("--slo") { Description = "The objective capacities must hold under: p99<100ms (default: the scale result's)" };
    private static readonly Option<string?> Catalog = new("--catalog") { Description = "Machines and prices, JSON: {\"instances\": [{\"name\", \"vCPUs\", \"memoryGiB\", \"pricePerHour\"}]} (default: example AWS prices)" };
    private static readonly Option<string?> Instance = new("--instance") { Description = "The catalog machine each replica runs on (default: the smallest with the replica's CPUs)" };
    private static readonly Option<string?> Json = new("--json") { Description = "Write the plan as JSON to this file" };
    private static readonly Option<string?> Report = ReportFile.CreateOption();

    public static Command Create()
    {
        var command = new Command("plan", "Scale up or scale out: the replicas or machine a target load needs, from measured scale results, with monthly costs")
        {
            From, Target, Growth, SloOption, Catalog, Instance, Json, Report,
        };
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        var (target, growth) = ReadTarget(parse.GetValue(Target), parse.GetValue(Growth));
        var slo = ReadSlo(parse.GetValue(SloOption));
        var json = parse.GetValue(Json);
        if (json is not null)
        {
            ResultFile.CheckWritable(json, "--json");
        }

        var reportPath = parse.GetValue(Report);
        if (reportPath is not null)
        {
            ReportFile.CheckWritable(reportPath);
        }

        var catalog = ReadCatalog(parse.GetValue(Catalog));
        var files = parse.GetValue(From) ?? [];
        ScaleResult? scale = null;
        DiagnoseResult? diagnose = null;
        foreach (var file in files)
        {
            switch (ResultInput.Read(file, ["scale", "diagnose"], "plan reads a scale result (and optionally a diagnose result)"))
            {
                case ScaleResult s when scale is null:
                    scale = s;
                    break;
                case DiagnoseResult d when diagnose is null:
                    diagnose = d;
                    break;
                case ScaleResult or DiagnoseResult:
                    throw new UsageException($"--from {file}: give one scale result and at most one diagnose result");
                default:
                    throw new UsageException($"--from {file}: plan reads a scale result (and optionally a diagnose result)");
            }
        }

        if (scale is null)
        {
            throw new UsageException("plan needs a scale result: --from scale.json (scalelab scale --replicas 1,2,4 --json scale.json makes one)");
        }

        PlanResult plan;
        try
        {
            plan = CapacityPlanner.Plan(new PlanRequest(scale, diagnose, target, growth, slo is null ? null : new ScaleObjective(slo.Percentile.Value, slo.ThresholdMs, scale.Slo.MaxErrorRate), catalog, parse.GetValue(Instance)));
        }
        catch (PlanningException ex)
        {
            throw new UsageException(ex.Message);
        }

        plan = plan with { From = files };
        var result = plan.WithHeader(ResultHeader.Create("plan", startedAt, CommandLine.Current()));
        PlanView.Write(AnsiConsole.Console, result);
        if (json is not null)
        {
            ResultFile.WriteJson(json, result);
            Console.WriteLine($"result written to {json}");
        }

        if (reportPath is not null)
        {
            ReportFile.Write(reportPath, result, json);
            Console.WriteLine($"report written to {reportPath}");
        }

        return ExitCodes.Success;
    }

    private static (double? Target, double? Growth) ReadTarget(string? target, string? growth)
    {
        if ((target is null) == (growth is null))
        {
            throw new UsageException("give either --target (e.g. 10000rps) or --growth (e.g. 3x), not both or neither");
        }

        if (target is not null)
        {
            var match = TargetShape().Match(target.Trim());
            if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new UsageException($"--target {target}: give a throughput per second, such as 10000rps, 2500/s or 12k");
            }

            value *= match.Groups["k"].Value.ToLowerInvariant() switch { "k" => 1e3, "m" => 1e6, _ => 1 };
            return value > 0 && double.IsFinite(value) ? (value, null) : throw new UsageException($"--target {target}: the target must be above 0");
        }

        var text = growth!.Trim().TrimEnd('x', 'X');
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0 && double.IsFinite(factor)
            ? (null, factor)
            : throw new UsageException($"--growth {growth}: give a multiple of the measured peak, such as 3x or 1.5x");
    }

    private static Slo? ReadSlo(string? text)
    {
        if (text is null)
        {
            return null;
        }

        // plan reads "p99<100ms" (a bound) as diagnose reads "p99=100ms"; both are accepted.
        return Slo.TryParse(text.Replace("<=", "=", StringComparison.Ordinal).Replace('<', '='), out var slo, out var error)
            ? slo
            : throw new UsageException($"--slo: {error.Replace("p99=200ms", "p99<200ms", StringComparison.Ordinal)}");
    }

    private static InstanceCatalog ReadCatalog(string? path)
    {
        string text;
        string where;
        if (path is null)
        {
            using var stream = typeof(PlanCommand).Assembly.GetManifestResourceStream("ScaleLab.Cli.catalog-example.json")
                ?? throw new InvalidOperationException("the example catalog is missing from the build");
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
            where = "the example catalog";
        }
        else
        {
            text = InputFile.Read(path, "--catalog");
            where = $"--catalog {path}";
        }

        try
        {
            return InstanceCatalog.Parse(text);
        }
        catch (PlanningException ex)
        {
            throw new UsageException($"{where}: {ex.Message}");
        }
    }

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<k>[kKmM])?\s*(rps|req/s|/s|r/s)?$")]
    private static partial Regex TargetShape();
}
