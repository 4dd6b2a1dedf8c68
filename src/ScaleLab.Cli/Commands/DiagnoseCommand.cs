using System.CommandLine;
using ScaleLab.Agents.Coordinator;
using ScaleLab.Lab.Supervisor;
using System.Globalization;
using ScaleLab.Cli.Output;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Results;
using ScaleLab.Core.Thresholds;
using ScaleLab.Load.Diagnosis;
using ScaleLab.Load.Engine;
using Spectre.Console;
using static ScaleLab.Cli.Commands.OptionParsing;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>scalelab diagnose URL</c>: one user first (performance), then a load ramp (scalability), then a fit and a
/// verdict with evidence and advice.
/// </summary>
internal static class DiagnoseCommand
{
    private static readonly Argument<string?> Url = new("url")
    {
        Description = "The target (http:// or https://). Without it: the bundled lab's default system (scenario baseline, 2 replicas), started for the diagnosis and stopped after it.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string> SloOption = new("--slo") { Description = "The latency objective: a percentile (p50, p95, p99, p99.9, …) = a duration, e.g. p99=200ms.", DefaultValueFactory = _ => "p99=200ms" };
    private static readonly Option<int> Users = new("--users") { Description = "The concurrency the service must serve.", DefaultValueFactory = _ => 64 };
    private static readonly Option<string?> Steps = new("--steps") { Description = "The ramp's users, e.g. 1,2,4,8 (default: doubling up to --max-users)." };
    private static readonly Option<int?> MaxUsers = new("--max-users") { Description = "The most users the ramp goes to (default: --users)." };
    private static readonly Option<string> MaxDuration = new("--max-duration") { Description = "The time budget of the whole diagnosis.", DefaultValueFactory = _ => "2m" };
    private static readonly Option<string> StepDuration = new("--step-duration") { Description = "The longest a ramp step's measured window may be (a step ends sooner at about 1,000 responses).", DefaultValueFactory = _ => "5s" };
    private static readonly Option<string> BaselineDuration = new("--baseline-duration") { Description = "How long one user is measured.", DefaultValueFactory = _ => "5s" };
    private static readonly Option<string> Warmup = new("--warmup") { Description = "Load before the baseline, left out of the results.", DefaultValueFactory = _ => "2s" };
    private static readonly Option<string> Timeout = new("--timeout") { Description = "Per-request timeout.", DefaultValueFactory = _ => "10s" };
    private static readonly Option<int[]> Watch = new("--watch") { Description = "A process id of the target to sample CPU and memory from (repeatable).", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string[]> WatchName = new("--watch-name") { Description = "The executable name of the target's processes, matched exactly (/proc/PID/comm, the executable's or argv[0]'s file name, or Foo for `dotnet Foo.dll`; repeatable).", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string?> FailOn = new("--fail-on") { Description = "Exit 1 when the verdict is one of these, e.g. performance,scalability." };
    private static readonly Option<string?> Json = new("--json") { Description = "Write the result as JSON to this file." };
    private static readonly Option<string?> Report = ReportFile.CreateOption();
    private static readonly RequestOptions Request = new();
    private static readonly ThresholdOptions Thresholds = new();
    private static readonly AgentOptions Agents = new();

    /// <summary>Seeding the lab's data and starting its processes takes some seconds on a busy machine; more than this is a failure.</summary>
    private static readonly TimeSpan LabStartTimeout = TimeSpan.FromMinutes(2);

    public static Command Create()
    {
        var command = new Command("diagnose", "Is it a performance or a scalability problem? One user, then a load ramp, then a verdict with evidence and advice.")
        {
            Url, SloOption, Users, Steps, MaxUsers, MaxDuration, StepDuration, BaselineDuration, Warmup, Timeout, Watch, WatchName, FailOn, Json, Report, Thresholds.Threshold,
        };
        foreach (var option in Request.All.Concat(Agents.All))
        {
            command.Add(option);
        }

        command.SetAction((parse, cancellationToken) => ExecuteAsync(parse, cancellationToken));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var url = parse.GetValue(Url);
        var plan = ReadPlan(parse);
        var failOn = ParseFailOn(parse.GetValue(FailOn));
        var thresholds = Thresholds.Read(parse);
        ThresholdOptions.CheckBefore(thresholds, ScopeOf(plan));
        var jsonPath = parse.GetValue(Json);
        if (jsonPath is not null)
        {
            ResultFile.CheckWritable(jsonPath, "--json");
        }

        var reportPath = parse.GetValue(Report);
        if (reportPath is not null)
        {
            ReportFile.CheckWritable(reportPath);
        }

        // The lab takes a while to start: a bad --body-file, --requests-file or --flow is found out before it, not after.
        var flow = Request.ReadFlow(parse, url is null ? null : ParseUrl(url));
        if (url is null && Agents.Given(parse))
        {
            throw new UsageException("--agents needs the target's URL: agents can't reach the lab this command starts on 127.0.0.1");
        }

        // Every step's load from the agents, merged exactly, when --agents names them.
        var agents = Agents.Create(parse, Request.ReadSpec(parse));
        if (url is null)
        {
            _ = Request.ReadMix(parse, new Uri("http://127.0.0.1/"));
            flow ??= Request.HasRequestsFile(parse) ? null : Request.LabFlow(parse);
        }

        // Without a URL: the lab's default system, started for the diagnosis and stopped after it, loaded with its
        // user flow (samples/lab-flow.json: log in, /me, feed, order) unless --requests-file or --flow says
        // otherwise, its balancer, store and replicas watched.
        EngineEnvironment.EnsureFileDescriptors(plan.Concurrencies().Max(), "lower --max-users");
        var lab = url is null ? await StartLabAsync(cancellationToken) : null;
        Uri uri;
        ResultHeader header;
        DiagnosisMeasurement measured;
        try
        {
            uri = lab?.EntryUrl ?? ParseUrl(url!);
            var mix = Request.ReadMix(parse, uri);
            int[] watched = [.. parse.GetValue(Watch) ?? [], .. lab is null ? [] : lab.Pids];
            var watcher = CreateWatcher(watched, parse.GetValue(WatchName) ?? []);
            header = ResultHeader.Create("diagnose", TimeProvider.System.GetUtcNow(), CommandLine.Current());

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"diagnosing {uri}: objective {plan.Slo}, {plan.Users} users to serve, ramp {string.Join(",", plan.Concurrencies())}, budget {Core.Units.DurationParser.Format(plan.MaxDuration)}"));
            try
            {
                ILoadSource load = agents ?? (ILoadSource)new LocalLoadSource((_, options) => Request.CreateFactory(parse, mix, options, flow));
                var procedure = new DiagnosisProcedure(uri, load, plan, watcher);
                measured = await procedure.RunAsync(new StderrProgress(), cancellationToken);
            }
            catch (TargetUnreachableException ex)
            {
                throw new UsageException(ex.Message);
            }
            catch (AgentException ex)
            {
                throw new UsageException(ex.Message);
            }
        }
        finally
        {
            if (lab is not null)
            {
                // Stopped before the report: the lab's processes are done with, and its CPU is the machine's again.
                await lab.DisposeAsync();
                Console.Error.WriteLine("lab stopped");
            }
        }

        var judgement = VerdictRules.Judge(measured.ToInput(plan), plan.Thresholds);
        var result = DiagnoseResult.Create(
            header with { StartedAt = measured.StartedAt },
            uri.ToString(),
            plan.Users,
            plan.EffectiveMaxUsers,
            plan.Slo,
            measured.Baseline?.WithHeader(ResultHeader.Create("run", measured.StartedAt, header.CommandLine)),
            measured.Steps,
            measured.Stop,
            measured.Duration,
            measured.Watch,
            judgement,
            measured.Interrupted);
        var judgedStep = JudgedStep(result, plan);
        if (thresholds.Count > 0 && judgedStep is not null)
        {
            result = result with
            {
                Thresholds = ThresholdEvaluator.Evaluate(thresholds, ThresholdSubject.Of(judgedStep)),
                ThresholdUsers = judgedStep.Concurrency,
            };
        }

        if (jsonPath is not null)
        {
            ResultFile.WriteJson(jsonPath, result);
        }

        if (reportPath is not null)
        {
            ReportFile.Write(reportPath, result, jsonPath);
        }

        DiagnoseReportView.Write(AnsiConsole.Console, result, judgement, plan.Thresholds);
        ThresholdView.Write(AnsiConsole.Console, thresholds, result.Thresholds, judgedStep is null ? null : string.Create(CultureInfo.InvariantCulture, $"the step at {judgedStep.Concurrency} users"));
        if (thresholds.Count > 0 && judgedStep is null)
        {
            AnsiConsole.Console.MarkupLine("[bold red]FAILED:[/] thresholds not judged: no step was measured");
        }
        if (jsonPath is not null)
        {
            AnsiConsole.Console.WriteLine($"result written to {jsonPath}");
        }

        if (reportPath is not null)
        {
            AnsiConsole.Console.WriteLine($"report written to {reportPath}");
        }

        if (result.Verdict is { Kind: VerdictKind.Failing } && result.Steps.Count > 0)
        {
            // A wrong URL or a dead target is a precondition that failed, like an unreachable one: exit 2, never a verdict on speed.
            var baseline = result.Steps[0];
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scalelab: {uri} failed {baseline.Errors} of one user's {baseline.Requests} requests ({Tally(baseline)}): fix the target or the request first"));
            return ExitCodes.BadInput;
        }

        // A failed threshold and a verdict listed in --fail-on fail alike (exit 1); a failing target (above) takes precedence.
        var thresholdsFailed = thresholds.Count > 0 && (judgedStep is null || result.Thresholds.Any(t => !t.Passed));
        return (result.Verdict is { } verdict && Fails(verdict.Kind, failOn)) || thresholdsFailed ? ExitCodes.CheckFailed : ExitCodes.Success;
    }

    /// <summary>
    /// The step thresholds are judged on: the one at the users the service must serve (--users), where a CI gate
    /// means its numbers; when the ramp stopped short of it, the last step it measured, the furthest it got.
    /// </summary>
    private static DiagnoseStep? JudgedStep(DiagnoseResult result, DiagnosisPlan plan) =>
        result.Steps.LastOrDefault(s => s.Concurrency == plan.Users && !s.Interrupted) ?? result.Steps.LastOrDefault(s => s.Concurrency <= plan.Users);

    /// <summary>
    /// A diagnosis step keeps its totals, not figures by name nor checks, and of the latency the percentiles of its
    /// summary and the objective's.
    /// </summary>
    private static ThresholdScope ScopeOf(DiagnosisPlan plan)
    {
        string[] recorded = ["p50", "p90", "p99", "mean", "max"];
        var objective = plan.Slo.Percentile.Name;
        return new ThresholdScope
        {
            HasNames = false,
            HasChecks = false,
            LatencyStatistics = recorded.Contains(objective) || !ThresholdParser.LatencyStatistics.Contains(objective) ? recorded : [.. recorded, objective],
        };
    }

    /// <summary>"status 404: 250; timeout: 1", what came back most first.</summary>
    private static string Tally(DiagnoseStep step)
    {
        static string Join(IReadOnlyDictionary<string, long> counts) => string.Join(", ",
            counts.OrderByDescending(kv => kv.Value).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}: {kv.Value}")));
        var transport = step.ErrorKinds.Where(kv => kv.Key is not ("http4xx" or "http5xx")).ToDictionary();
        var parts = new List<string>();
        if (step.StatusCodes.Count > 0)
        {
            parts.Add("status " + Join(step.StatusCodes));
        }

        if (transport.Count > 0)
        {
            parts.Add(Join(transport));
        }

        return parts.Count > 0 ? string.Join("; ", parts) : "no detail";
    }

    private static DiagnosisPlan ReadPlan(ParseResult parse)
    {
        if (!Slo.TryParse(parse.GetValue(SloOption), out var slo, out var sloError))
        {
            throw new UsageException($"--slo: {sloError}");
        }

        var plan = new DiagnosisPlan
        {
            Slo = slo,
            Users = parse.GetValue(Users),
            MaxUsers = parse.GetValue(MaxUsers),
            Steps = ParseSteps(parse.GetValue(Steps)),
            MaxDuration = ParseDuration(parse.GetValue(MaxDuration), "--max-duration"),
            StepDuration = ParseDuration(parse.GetValue(StepDuration), "--step-duration"),
            BaselineDuration = ParseDuration(parse.GetValue(BaselineDuration), "--baseline-duration"),
            Warmup = ParseDuration(parse.GetValue(Warmup), "--warmup"),
            Timeout = ParseDuration(parse.GetValue(Timeout), "--timeout"),
        };
        if (plan.Validate() is { } problem)
        {
            throw new UsageException(problem);
        }

        if (plan.Steps?.FirstOrDefault(n => n > plan.EffectiveMaxUsers) is > 0 and var above)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"--steps: {above} users is above the ramp's maximum of {plan.EffectiveMaxUsers} ({(plan.MaxUsers is null ? "--users, as --max-users is not given" : "--max-users")}): raise --max-users or drop the step"));
        }

        if (plan.Steps is not null && plan.Concurrencies().Count < 2)
        {
            throw new UsageException($"--steps: no step above 1 user is within --max-users ({plan.EffectiveMaxUsers}), so there would be no ramp");
        }

        return plan;
    }

    private static List<int>? ParseSteps(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var steps = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                throw new UsageException($"--steps: '{part}' is not a number of users (use e.g. --steps 1,2,4,8)");
            }

            steps.Add(n);
        }

        return steps.Count > 0 ? steps : throw new UsageException("--steps: give at least one step, e.g. --steps 1,2,4,8");
    }

    private static HashSet<VerdictKind> ParseFailOn(string? text)
    {
        var kinds = new HashSet<VerdictKind>();
        if (text is null)
        {
            return kinds;
        }

        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            kinds.Add(part.ToLowerInvariant() switch
            {
                "performance" => VerdictKind.Performance,
                "scalability" => VerdictKind.Scalability,
                "both" => VerdictKind.Both,
                _ => throw new UsageException($"--fail-on: '{part}' is not a problem kind (use performance, scalability or both)"),
            });
        }

        return kinds.Count > 0 ? kinds : throw new UsageException("--fail-on: give the kinds to fail on, e.g. --fail-on performance,scalability");
    }

    /// <summary>"both" is a performance and a scalability problem: either listed fails it.</summary>
    private static bool Fails(VerdictKind kind, HashSet<VerdictKind> failOn) =>
        failOn.Contains(kind) || (kind == VerdictKind.Both && (failOn.Contains(VerdictKind.Performance) || failOn.Contains(VerdictKind.Scalability)));

    /// <summary>
    /// The lab's default system, run by <c>scalelab lab up</c> in a child process: its balancer and store are then
    /// processes apart from the generator, watched with the replicas as the target, never charged to the generator.
    /// </summary>
    private static async Task<ChildLab> StartLabAsync(CancellationToken cancellationToken)
    {
        Console.Error.WriteLine("no URL: starting the lab's default system (scenario baseline, 2 replicas) in a child process; it stops after the diagnosis");
        ChildLab lab;
        try
        {
            lab = await ChildLab.StartAsync(LabCommandLine.LabUpOnFreePort(), LabStartTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new UsageException($"the lab did not start: {ex.Message.Split('\n')[0]}");
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lab ready at {lab.EntryUrl}: balancer and store in process {lab.SupervisorPid}, replicas in {string.Join(", ", lab.ReplicaPids)}; all watched as the target"));
        return lab;
    }

    private static ProcessWatcher? CreateWatcher(int[] pids, string[] names)
    {
        if (pids.Length == 0 && names.Length == 0)
        {
            return null;
        }

        try
        {
            var watcher = ProcessWatcher.Create(pids, names);
            foreach (var warning in watcher.Warnings)
            {
                Console.Error.WriteLine($"warning: {warning}");
            }

            return watcher;
        }
        catch (WatchException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    /// <summary>One line on stderr per phase, so that stdout holds only the account.</summary>
    private sealed class StderrProgress : IProgress<DiagnosisProgress>
    {
        public void Report(DiagnosisProgress value)
        {
            var i = CultureInfo.InvariantCulture;
            if (value.Repeating is { } first)
            {
                Console.Error.WriteLine(string.Create(i,
                    $"{first.Concurrency,6} {(first.Concurrency == 1 ? "user: " : "users:")} {first.Throughput,9:0.#} req/s, p99 {first.LatencyMs.P99:0.###} ms, errors {first.ErrorRate:P1}: a stall? measuring again (attempt {value.Attempt})"));
                return;
            }

            if (value.Step is not { } step)
            {
                if (value.Concurrency == 1)
                {
                    Console.Error.WriteLine(string.Create(i, $"baseline: 1 user for {value.Duration.TotalSeconds:0.#}s after a {value.Warmup.TotalSeconds:0.#}s warm-up"));
                }

                return;
            }

            var cpu = step.CpuPercent is { } c ? string.Create(i, $", CPU {c:0}% of {step.CpuLimit:0.##}") : string.Empty;
            Console.Error.WriteLine(string.Create(i,
                $"{step.Concurrency,6} {(step.Concurrency == 1 ? "user: " : "users:")} {step.Throughput,9:0.#} req/s, p50 {step.LatencyMs.P50:0.###} ms, p99 {step.LatencyMs.P99:0.###} ms, errors {step.ErrorRate:P1}{cpu}"));
        }
    }
}
