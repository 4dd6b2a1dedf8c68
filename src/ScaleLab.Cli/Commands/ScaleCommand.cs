using System.CommandLine;
using ScaleLab.Agents.Coordinator;
using System.Globalization;
using ScaleLab.Cli.Output;
using ScaleLab.Cli.Targets;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scaling;
using ScaleLab.Experiments.Scaling;
using ScaleLab.Lab.Balancer;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Scenarios;
using ScaleLab.Lab.Processes;
using ScaleLab.Lab.Supervisor;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Requests;
using Spectre.Console;
using static ScaleLab.Cli.Commands.OptionParsing;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>scalelab scale</c>: add replicas or add cores, measured. For every size, the capacity at the objective, the
/// efficiency, every tier's CPU; then the USL over replicas and a verdict that names the tier that limits.
/// </summary>
internal static class ScaleCommand
{
    private static readonly Option<string?> Lab = new("--lab") { Description = "Scale the bundled lab running this scenario (baseline, global-lock, broadcast-invalidation, …)." };
    private static readonly Option<string?> Cmd = new("--cmd") { Description = "Scale N copies of this server command behind the lab's balancer; {port} is replaced by each copy's port." };
    private static readonly Option<string?> Url = new("--url") { Description = "With --kubernetes: where the Deployment's service is loaded." };
    private static readonly Option<string?> Kubernetes = new("--kubernetes") { Description = "Scale a Kubernetes Deployment, e.g. deployment/web (with --url)." };
    private static readonly Option<string?> Namespace = new("--namespace") { Description = "With --kubernetes: the namespace (default: the context's)." };
    private static readonly Option<string?> Context = new("--context") { Description = "With --kubernetes: the kubeconfig context (default: the current one)." };
    private static readonly Option<string> Replicas = new("--replicas") { Description = "The replica counts to measure, increasing.", DefaultValueFactory = _ => "1,2,4" };
    private static readonly Option<string?> Cpus = new("--cpus") { Description = "Cores per replica to measure, increasing, e.g. 1,2 (CPU affinity and DOTNET_PROCESSOR_COUNT)." };
    private static readonly Option<string?> Memory = new("--memory") { Description = "Memory per replica to measure, increasing, e.g. 256m,1g (the GC heap hard limit)." };
    private static readonly Option<string> SloOption = new("--slo") { Description = "The latency objective: a percentile under a bound, e.g. p99<100ms (or p99=100ms).", DefaultValueFactory = _ => "p99<100ms" };
    private static readonly Option<string> MaxErrors = new("--max-errors") { Description = "The most failed requests a rate may have, in percent, e.g. 0.1%.", DefaultValueFactory = _ => "0.1%" };
    private static readonly Option<string> StepDuration = new("--step-duration") { Description = "Each rate's measured window during the capacity search.", DefaultValueFactory = _ => "3s" };
    private static readonly Option<string> MaxWarmup = new("--max-warmup") { Description = "The longest a step's warm-up may last (it ends sooner once the rate is stable).", DefaultValueFactory = _ => "45s" };
    private static readonly Option<string> MaxDuration = new("--max-duration") { Description = "The time budget of the whole experiment; past it, what was measured is reported.", DefaultValueFactory = _ => "15m" };
    private static readonly Option<string> Timeout = new("--timeout") { Description = "Per-request timeout.", DefaultValueFactory = _ => "5s" };
    private static readonly Option<string?> KillOne = new("--kill-one") { Description = "Kill one replica this long into an extra step at the largest count, e.g. 10s: errors, capacity lost, recovery, the order audit." };
    private static readonly Option<string?> Json = new("--json") { Description = "Write the result as JSON to this file." };
    private static readonly Option<string?> Report = ReportFile.CreateOption();

    // The lab's options, as `lab up` takes them; --balancer also puts --cmd's copies behind HAProxy.
    private static readonly Option<string> Balancer = new("--balancer") { Description = "yarp or haproxy.", DefaultValueFactory = _ => "yarp" };
    private static readonly Option<string?> Policy = new("--policy") { Description = "With --lab or --cmd: round-robin, least-requests, power-of-two or sticky." };
    private static readonly Option<string?> Store = new("--store") { Description = "With --lab: embedded (Garnet in a process of its own), redis, or redis://HOST:PORT." };
    private static readonly Option<string?> Db = new("--db") { Description = "With --lab: sqlite or postgres." };
    private static readonly Option<int?> Shards = new("--shards") { Description = "With --lab: shards." };
    private static readonly Option<int?> Workers = new("--workers") { Description = "With --lab: requests a replica serves at once." };
    private static readonly Option<double?> CpuMs = new("--cpu-ms") { Description = "With --lab: CPU milliseconds every request burns." };
    private static readonly Option<double?> IoMs = new("--io-ms") { Description = "With --lab: milliseconds every request waits without CPU." };
    private static readonly RequestOptions Request = new();
    private static readonly AgentOptions Agents = new();

    public static Command Create()
    {
        Lab.AcceptOnlyFromAmong([.. LabScenarios.Names]);
        Balancer.AcceptOnlyFromAmong("yarp", "haproxy");
        Policy.AcceptOnlyFromAmong([.. BalancerPolicies.Names]);
        Db.AcceptOnlyFromAmong([.. ShardSet.KindNames]);
        var command = new Command("scale", "Add replicas or add cores, measured: capacity at the objective per size, efficiency, the USL, and the tier that limits")
        {
            Lab, Cmd, Url, Kubernetes, Namespace, Context, Replicas, Cpus, Memory, SloOption, MaxErrors, StepDuration, MaxWarmup, MaxDuration, Timeout, KillOne, Json, Report,
            Balancer, Policy, Store, Db, Shards, Workers, CpuMs, IoMs,
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
        var target = ReadTarget(parse);
        var plan = ReadPlan(parse, target);
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

        EngineEnvironment.EnsureFileDescriptors(1024, "measure fewer replicas");
        var header = ResultHeader.Create("scale", TimeProvider.System.GetUtcNow(), CommandLine.Current());
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scaling {target.Description}: {plan.Sizes.Count} size(s), objective {plan.Objective}, each rate measured {Core.Units.DurationParser.Format(plan.ProbeDuration)}, budget {Core.Units.DurationParser.Format(plan.MaxDuration)}"));
        ScaleResult result;
        IScaledSystem created;
        try
        {
            created = await CreateSystemAsync(target, cancellationToken);
        }
        catch (ScaleSetupException ex)
        {
            throw new UsageException(ex.Message);
        }

        await using (var system = created)
        {
            try
            {
                result = await new ScaleExperiment(system, plan).RunAsync(header, new ScaleProgressView(Console.Error), cancellationToken);
            }
            catch (ScaleSetupException ex)
            {
                throw new UsageException(ex.Message);
            }
            catch (AgentException ex)
            {
                throw new UsageException(ex.Message);
            }

            Console.Error.WriteLine("stopping the scaled system");
        }

        // Written whole, whatever was measured: Ctrl-C still leaves the steps done.
        if (jsonPath is not null)
        {
            ResultFile.WriteJson(jsonPath, result);
        }

        ScaleReportView.Write(AnsiConsole.Console, result);
        if (jsonPath is not null)
        {
            AnsiConsole.Console.WriteLine($"result written to {jsonPath}");
        }

        if (reportPath is not null)
        {
            ReportFile.Write(reportPath, result, jsonPath);
            AnsiConsole.Console.WriteLine($"report written to {reportPath}");
        }

        return ExitCodes.Success;
    }

    /// <summary>The scaled system for the target: the lab, N copies of a command, or a Kubernetes Deployment.</summary>
    private static async Task<IScaledSystem> CreateSystemAsync(ScaleTarget target, CancellationToken cancellationToken) => target switch
    {
        ScaleTarget.LabTarget lab => new LabScaledSystem(new LabScaledSystemOptions
        {
            Scenario = lab.Scenario,
            LabUpCommand = LabCommandLine.LabUp(),
            StoreCommand = LabCommandLine.Store(),
            Arguments = lab.Arguments,
        }),
        ScaleTarget.CommandTarget command => new CmdScaledSystem(new CmdScaledSystemOptions
        {
            Command = command.Command,
            BalancerCommand = [.. ProcessCommand.ForCurrentProcess(), "lab", "balancer"],
            Balancer = command.Balancer == "haproxy" ? BalancerKind.Haproxy : BalancerKind.Yarp,
            Policy = command.Policy,
        }),
        ScaleTarget.KubernetesTarget kubernetes => await KubernetesScaledSystem.ConnectAsync(
            new KubernetesScaledSystemOptions
            {
                Url = kubernetes.Url,
                Deployment = kubernetes.Deployment,
                Namespace = kubernetes.Namespace,
                Context = kubernetes.Context,
            },
            cancellationToken),
        _ => throw new UsageException($"{target.Description}: not a target scale knows"),
    };

    private static ScaleTarget ReadTarget(ParseResult parse)
    {
        var lab = parse.GetValue(Lab);
        var cmd = parse.GetValue(Cmd);
        var kubernetes = parse.GetValue(Kubernetes);
        var url = parse.GetValue(Url);
        var chosen = new[] { lab is not null, cmd is not null, kubernetes is not null }.Count(x => x);
        if (chosen != 1)
        {
            throw new UsageException(chosen == 0
                ? "say what to scale: --lab SCENARIO, --cmd \"SERVER … {port} …\", or --url URL --kubernetes deployment/NAME"
                : "scale one thing at a time: --lab, --cmd or --kubernetes, not several");
        }

        if (url is not null && kubernetes is null)
        {
            throw new UsageException("--url goes with --kubernetes (the lab and --cmd are loaded through their own balancer)");
        }

        if (kubernetes is null && (parse.GetValue(Namespace) is not null || parse.GetValue(Context) is not null))
        {
            throw new UsageException("--namespace and --context go with --kubernetes");
        }

        var labOnly = new (string Name, bool Given)[]
        {
            ("--store", parse.GetValue(Store) is not null), ("--db", parse.GetValue(Db) is not null),
            ("--shards", parse.GetValue(Shards) is not null), ("--workers", parse.GetValue(Workers) is not null),
            ("--cpu-ms", parse.GetValue(CpuMs) is not null), ("--io-ms", parse.GetValue(IoMs) is not null),
        };
        if (lab is null && labOnly.FirstOrDefault(o => o.Given) is { Name: { } option })
        {
            throw new UsageException($"{option} is one of the lab's options: it goes with --lab SCENARIO");
        }

        if (cmd is not null)
        {
            if (!cmd.Contains("{port}", StringComparison.Ordinal))
            {
                throw new UsageException("--cmd: the command must contain {port}, where each copy's port goes (e.g. --cmd \"./server --port {port}\")");
            }

            BalancerPolicies.TryParse(parse.GetValue(Policy) ?? "round-robin", out var policy);
            return new ScaleTarget.CommandTarget(cmd, parse.GetValue(Balancer)!, policy);
        }

        if (kubernetes is not null)
        {
            if (!kubernetes.StartsWith("deployment/", StringComparison.Ordinal) || kubernetes.Length == "deployment/".Length)
            {
                throw new UsageException($"--kubernetes: '{kubernetes}' is not a Deployment (use deployment/NAME)");
            }

            if (url is null)
            {
                throw new UsageException("--kubernetes needs --url: where the Deployment's service answers");
            }

            return new ScaleTarget.KubernetesTarget(ParseUrl(url), kubernetes["deployment/".Length..], parse.GetValue(Namespace), parse.GetValue(Context));
        }

        var arguments = new List<string> { "--balancer", parse.GetValue(Balancer)! };
        Add("--policy", parse.GetValue(Policy));
        Add("--store", parse.GetValue(Store));
        Add("--db", parse.GetValue(Db));
        Add("--shards", parse.GetValue(Shards)?.ToString(CultureInfo.InvariantCulture));
        Add("--workers", parse.GetValue(Workers)?.ToString(CultureInfo.InvariantCulture));
        Add("--cpu-ms", parse.GetValue(CpuMs)?.ToString(CultureInfo.InvariantCulture));
        Add("--io-ms", parse.GetValue(IoMs)?.ToString(CultureInfo.InvariantCulture));
        return new ScaleTarget.LabTarget(lab!, arguments);

        void Add(string option, string? value)
        {
            if (value is not null)
            {
                arguments.AddRange([option, value]);
            }
        }
    }

    private static ScalePlan ReadPlan(ParseResult parse, ScaleTarget target)
    {
        var maxReplicas = target is ScaleTarget.LabTarget ? LabOptions.MaxReplicas : 1000;
        var replicas = SizeList.Counts(parse.GetValue(Replicas)!, "--replicas", 1, maxReplicas);
        var cpus = parse.GetValue(Cpus) is { } c ? SizeList.Counts(c, "--cpus", 1, 1024) : null;
        var memory = parse.GetValue(Memory) is { } m ? SizeList.Megabytes(m, "--memory") : null;
        if (cpus is not null && target is not ScaleTarget.KubernetesTarget && cpus[^1] > Environment.ProcessorCount)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"--cpus: {cpus[^1]} cores per replica is more than this machine's {Environment.ProcessorCount}"));
        }

        var sizes = new List<ScaleSize>();
        IReadOnlyList<int?> memories = memory is null ? [null] : [.. memory.Select(x => (int?)x)];
        IReadOnlyList<int?> coreCounts = cpus is null ? [null] : [.. cpus.Select(x => (int?)x)];
        foreach (var mb in memories)
        {
            foreach (var cores in coreCounts)
            {
                sizes.AddRange(replicas.Select(r => new ScaleSize(r, cores, mb)));
            }
        }

        var objective = ReadObjective(parse.GetValue(SloOption)!, parse.GetValue(MaxErrors)!);
        var isLab = target is ScaleTarget.LabTarget;
        // With --flow, each arrival is one iteration of the flow, so capacities are in iterations per second.
        var flow = Request.ReadFlow(parse);
        var labMix = isLab && !Request.HasRequestsFile(parse) && flow is null;
        if (!labMix)
        {
            // A bad --body-file, --requests-file or --flow is found out now, not after the system started.
            _ = Request.ReadMix(parse, new Uri("http://127.0.0.1/"));
        }

        var timeout = ParseDuration(parse.GetValue(Timeout), "--timeout");
        Func<Uri, LoadOptions, ILoadClientFactory> createFactory = (uri, options) => Request.CreateFactory(
            parse,
            labMix ? RequestMix.Create(uri, RequestMixFile.Parse(LabSampleFiles.MixText)) : Request.ReadMix(parse, uri),
            options,
            flow);
        // Every run's load (the steps' and the fault trial's) comes from this process, or from the agents --agents
        // names (they must reach the system's endpoint: a lab or --cmd copies listen on 127.0.0.1 only).
        var spec = Request.ReadSpec(parse);
        ILoadSource load = Agents.Create(parse, labMix ? spec with { RequestsFile = LabSampleFiles.MixText } : spec)
            ?? (ILoadSource)new LocalLoadSource(createFactory);
        Func<IScaledSystem, ScaleStep, CancellationToken, Task<ScaleFault?>>? faultTrial = null;
        if (parse.GetValue(KillOne) is { } killOne)
        {
            var after = ParseDuration(killOne, "--kill-one");
            if (after <= TimeSpan.Zero)
            {
                throw new UsageException("--kill-one: the time into the step must be above 0, e.g. --kill-one 10s");
            }

            faultTrial = (system, step, cancellationToken) => RunFaultTrialAsync(system, step, after, timeout, load, cancellationToken);
        }

        var plan = new ScalePlan
        {
            Sizes = sizes,
            Objective = objective,
            ProbeDuration = ParseDuration(parse.GetValue(StepDuration), "--step-duration"),
            MaxWarmup = ParseDuration(parse.GetValue(MaxWarmup), "--max-warmup"),
            MaxDuration = ParseDuration(parse.GetValue(MaxDuration), "--max-duration"),
            Timeout = timeout,
            Load = load,
            FaultTrial = faultTrial,
        };
        if (plan.Validate() is { } problem)
        {
            throw new UsageException(problem);
        }

        if (plan.Timeout <= TimeSpan.Zero || plan.MaxWarmup <= TimeSpan.Zero)
        {
            throw new UsageException("--timeout and --max-warmup must be above 0");
        }

        return plan;
    }

    /// <summary>
    /// The <c>--kill-one</c> step at the largest count: an open-model load the replicas left can carry (80% of the
    /// capacity found, less the killed replica's share), one replica SIGKILLed <paramref name="after"/> into it, the
    /// load running on long enough to see a replacement serve; on the lab, orders placed beside it and audited.
    /// </summary>
    private static async Task<ScaleFault?> RunFaultTrialAsync(
        IScaledSystem system, ScaleStep step, TimeSpan after, TimeSpan timeout, ILoadSource load, CancellationToken cancellationToken)
    {
        var rate = Math.Max(1, step.Capacity * (step.Replicas - 1) / Math.Max(1, step.Replicas) * FaultLoadShare);
        var options = new FaultTrialOptions
        {
            Rate = rate,
            Duration = after + FaultAfterKill,
            KillAfter = after,
            Timeout = timeout,
            Orders = system is LabScaledSystem lab ? new FaultOrders(lab.CheckOrdersAsync) : null,
        };
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  fault: {rate:0.#} req/s for {Core.Units.DurationParser.Format(options.Duration)}, one replica killed after {Core.Units.DurationParser.Format(after)}"));
        try
        {
            var result = await new FaultTrial(system, load, options).RunAsync(null, cancellationToken);
            Console.Error.WriteLine("  " + result.Summary);
            return result.Fault;
        }
        catch (ScaleSetupException ex)
        {
            Console.Error.WriteLine($"  warning: the fault trial did not run: {ex.Message}");
            return null;
        }
    }

    /// <summary>The share of what the replicas left can carry that the fault step offers: under it, only the kill fails requests.</summary>
    private const double FaultLoadShare = 0.8;

    /// <summary>How long the fault step's load runs on after the kill: long enough for a replacement to start and serve.</summary>
    private static readonly TimeSpan FaultAfterKill = TimeSpan.FromSeconds(20);

    /// <summary><c>p99&lt;100ms</c> (or diagnose's <c>p99=100ms</c>) and <c>0.1%</c>.</summary>
    internal static ScaleObjective ReadObjective(string slo, string maxErrors)
    {
        if (!Slo.TryParse(slo.Replace("<=", "=", StringComparison.Ordinal).Replace('<', '='), out var parsed, out var error))
        {
            throw new UsageException($"--slo: {error.Replace("p99=200ms", "p99<200ms", StringComparison.Ordinal)}");
        }

        var text = maxErrors.Trim().TrimEnd('%').Trim();
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) || percent > 100)
        {
            throw new UsageException($"--max-errors: '{maxErrors}' is not a percentage from 0 to 100 (use e.g. --max-errors 0.1%)");
        }

        return new ScaleObjective(parsed.Percentile.Value, parsed.ThresholdMs, percent / 100);
    }
}
