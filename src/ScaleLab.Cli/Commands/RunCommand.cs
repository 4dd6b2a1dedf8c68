using System.CommandLine;
using ScaleLab.Agents.Coordinator;
using ScaleLab.Cli.Output;
using ScaleLab.Cli.Targets;
using ScaleLab.Core.Results;
using ScaleLab.Core.Thresholds;
using ScaleLab.Load.Requests;
using ScaleLab.Load.Engine;
using Spectre.Console;
using static ScaleLab.Cli.Commands.OptionParsing;

namespace ScaleLab.Cli.Commands;

/// <summary><c>scalelab run [URL]</c>: one load test, closed or open model.</summary>
internal static class RunCommand
{
    private static readonly Argument<string?> Url = new("url")
    {
        Description = "The target (http:// or https://). Without it, a server in this process is loaded.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<int?> Connections = new("--connections", "-c") { Description = "Closed model: concurrent users, each sending back to back (default 10)." };
    private static readonly Option<string?> ThinkTime = new("--think-time") { Description = "Closed model: pause between a user's response and its next request (e.g. 100ms)." };
    private static readonly Option<double?> Rate = new("--rate", "-r") { Description = "Open model: requests per second, sent whatever the target does; latency counts from the intended send time." };
    private static readonly Option<string> Arrivals = new("--arrivals") { Description = "Open model: uniform or poisson.", DefaultValueFactory = _ => "uniform" };
    private static readonly Option<int> MaxConnections = new("--max-connections") { Description = "Open model: the most connections to open while the target is slow.", DefaultValueFactory = _ => 1024 };
    private static readonly Option<string> Duration = new("--duration", "-d") { Description = "Measured window (e.g. 30s, 2m).", DefaultValueFactory = _ => "10s" };
    private static readonly Option<long?> Requests = new("--requests", "-n") { Description = "Stop after this many measured requests (the duration still bounds the run)." };
    private static readonly Option<string> Warmup = new("--warmup") { Description = "Load before the measured window, left out of the results.", DefaultValueFactory = _ => "0s" };
    private static readonly Option<string> Timeout = new("--timeout") { Description = "Per-request timeout.", DefaultValueFactory = _ => "10s" };
    private static readonly RequestOptions Request = new();
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed for arrivals and templates.", DefaultValueFactory = _ => 1 };
    private static readonly Option<string?> Json = new("--json") { Description = "Write the result as JSON to this file." };
    private static readonly Option<string?> Report = ReportFile.CreateOption();
    private static readonly Option<string?> Hdr = new("--hdr") { Description = "Write the latency histograms as an HdrHistogram log to this file." };
    private static readonly Option<string?> Stages = new("--stages") { Description = "Ramp the load through stages DURATION:TARGET, e.g. 30s:10,1m:10,30s:0: users (closed model, from -c, default 0) or arrivals/s (with -r, from its value). The run lasts their total." };
    private static readonly Option<string> Interval = new("--interval") { Description = "The time series' interval (intervals in --json, rows of --csv) and of progress.", DefaultValueFactory = _ => "1s" };
    private static readonly Option<string?> Csv = new("--csv") { Description = "Write the time series (one row per interval) as CSV to this file." };
    private static readonly ThresholdOptions Thresholds = new();
    private static readonly AgentOptions Agents = new();

    public static Command Create()
    {
        var command = new Command("run", "One load test: closed model (-c users back to back) or open model (-r requests/s).")
        {
            Url, Connections, ThinkTime, Rate, Arrivals, MaxConnections, Duration, Requests, Warmup, Timeout,
            Request.Method, Request.Headers, Request.Body, Request.BodyFile, Request.RequestsFile, Request.Flow, Request.Http2, Request.Insecure, Seed, Json, Report, Hdr,
            Stages, Interval, Csv, Thresholds.Threshold,
        };
        foreach (var option in Agents.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => ExecuteAsync(parse, cancellationToken));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var options = ReadOptions(parse);
        var thresholds = Thresholds.Read(parse);
        CheckOutputs(parse);
        var url = parse.GetValue(Url);
        if (url is null && Agents.Given(parse))
        {
            throw new UsageException("--agents needs the target's URL: an agent can't reach a server inside this process");
        }

        var spec = Request.ReadSpec(parse);
        // Intervals are streamed to the log as the run takes them: kept in memory, an hour's would take a gigabyte.
        using var hdr = parse.GetValue(Hdr) is { } hdrPath ? HdrLogFile.Create(hdrPath) : null;
        var agents = Agents.Create(parse, spec, hdr is null ? null : hdr.Append);
        await using var embedded = url is null ? await EmbeddedTarget.StartAsync(cancellationToken) : null;
        var uri = embedded?.Uri ?? ParseUrl(url!);
        if (agents is null)
        {
            // A target in this process holds the other end of each connection as well.
            EngineEnvironment.EnsureFileDescriptors(
                FileDescriptorLimit.ConnectionsOf(options, embedded is null ? 1 : 2),
                options.Model == LoadModel.Closed ? "lower -c" : "lower --max-connections");
        }

        Request.ReadFlow(parse, uri);
        Request.ReadMix(parse, uri);
        ThresholdOptions.CheckBefore(thresholds, ScopeOf(parse, options));

        var header = ResultHeader.Create("run", TimeProvider.System.GetUtcNow(), CommandLine.Current());
        LoadMeasurement measurement;
        try
        {
            measurement = agents is not null
                ? await RunProgressView.ShowAsync(progress => agents.RunAsync(uri, options, progress, cancellationToken))
                : await RunProgressView.ShowAsync(progress => RunLocalAsync(parse, spec, uri, options, hdr, progress, cancellationToken));
        }
        catch (TargetUnreachableException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (AgentException ex)
        {
            throw new UsageException(ex.Message);
        }

        var result = measurement.Result.WithHeader(header with { StartedAt = measurement.StartedAt });
        if (embedded is not null)
        {
            result = result with { Warnings = [.. result.Warnings, "the target ran in this process: the generator's CPU includes the target's"] };
        }

        // A threshold naming what the run turned out not to have (a request name) is bad input, found only now: the
        // result is still written and shown, without thresholds, and the command exits 2.
        var subject = ThresholdSubject.Of(result);
        var unjudged = ThresholdOptions.ProblemAfter(thresholds, subject);
        if (unjudged is null)
        {
            result = result with { Thresholds = ThresholdEvaluator.Evaluate(thresholds, subject) };
        }

        if (parse.GetValue(Json) is { } jsonPath)
        {
            ResultFile.WriteJson(jsonPath, result);
        }

        if (parse.GetValue(Csv) is { } csvPath)
        {
            IntervalCsv.Write(csvPath, result.Intervals);
        }

        if (parse.GetValue(Report) is { } reportPath)
        {
            ReportFile.Write(reportPath, result, parse.GetValue(Json));
        }

        hdr?.Complete(measurement.StartedAt);

        RunSummaryView.Write(AnsiConsole.Console, result);
        ThresholdView.Write(AnsiConsole.Console, thresholds, result.Thresholds);
        if (unjudged is not null)
        {
            throw new UsageException(unjudged);
        }

        // A target that could not keep up with the asked rate, a run of failures only, or a failed threshold: exit 1.
        return result.FellBehind == true || RunSummaryView.AllFailedLine(result) is not null || result.Thresholds.Any(t => !t.Passed)
            || RunSummaryView.AgentLostLine(result) is not null
            ? ExitCodes.CheckFailed
            : ExitCodes.Success;
    }

    /// <summary>The run from this process, its clients made from the spec as an agent makes them.</summary>
    private static async Task<LoadMeasurement> RunLocalAsync(ParseResult parse, RequestSpec spec, Uri uri, LoadOptions options, HdrLogFile? hdr, IProgress<RunProgress> progress, CancellationToken cancellationToken)
    {
        var factory = Request.CreateFactory(parse, spec, uri, options);
        try
        {
            var runner = new LoadRunner(factory, options) { OnInterval = hdr is null ? null : hdr.Append };
            return await runner.RunAsync(progress, cancellationToken);
        }
        finally
        {
            (factory as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// What is known of the run before it starts, for the thresholds: its model, and its request names (none for a
    /// single request, the mix file's names for a mix). A flow's names and checks are left to be checked against the
    /// result (it is looked up by name, so that this holds whichever command defines <c>--flow</c>).
    /// </summary>
    private static ThresholdScope ScopeOf(ParseResult parse, LoadOptions options)
    {
        var open = options.Model == LoadModel.Open;
        if (parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--flow") is { } flow && parse.GetResult(flow) is { Implicit: false })
        {
            return new ThresholdScope { OpenModel = open };
        }

        var file = parse.GetValue(Request.RequestsFile);
        return new ThresholdScope
        {
            OpenModel = open,
            Names = file is null ? [] : [.. RequestMixFile.Parse(ReadFile(file, "--requests-file")).Select(d => d.Name).Distinct()],
            HasChecks = file is null ? false : null,
        };
    }

    private static void CheckOutputs(ParseResult parse)
    {
        if (parse.GetValue(Json) is { } json)
        {
            ResultFile.CheckWritable(json, "--json");
        }

        if (parse.GetValue(Report) is { } report)
        {
            ReportFile.CheckWritable(report);
        }

        if (parse.GetValue(Hdr) is { } hdr)
        {
            ResultFile.CheckWritable(hdr, "--hdr");
        }

        if (parse.GetValue(Csv) is { } csv)
        {
            ResultFile.CheckWritable(csv, "--csv");
        }
    }

    private static LoadOptions ReadOptions(ParseResult parse)
    {
        var rate = parse.GetValue(Rate);
        var connections = parse.GetValue(Connections);
        if (rate is not null && connections is not null)
        {
            throw new UsageException("-c/--connections is the closed model and -r/--rate the open one: give one of them");
        }

        // An option of the other model would be silently ignored: say so instead.
        if (rate is not null && parse.GetValue(ThinkTime) is not null)
        {
            throw new UsageException("--think-time is for the closed model (-c): with -r the rate alone sets when requests are sent");
        }

        if (rate is null && (parse.GetResult(Arrivals) is { Implicit: false } || parse.GetResult(MaxConnections) is { Implicit: false }))
        {
            throw new UsageException("--arrivals and --max-connections are for the open model: give -r/--rate with them");
        }

        var arrivals = parse.GetValue(Arrivals)?.ToLowerInvariant() switch
        {
            "uniform" => ArrivalProcess.Uniform,
            "poisson" => ArrivalProcess.Poisson,
            var other => throw new UsageException($"--arrivals must be uniform or poisson, not '{other}'"),
        };

        var interval = ParseDuration(parse.GetValue(Interval), "--interval");
        if (interval < TimeSpan.FromMilliseconds(100) || interval > TimeSpan.FromHours(1))
        {
            throw new UsageException("--interval must be between 100ms and 1h");
        }

        IReadOnlyList<LoadStage>? stages = null;
        if (parse.GetValue(Stages) is { } stagesText)
        {
            if (!LoadStage.TryParseList(stagesText, out var parsed, out var stagesError))
            {
                throw new UsageException($"--stages: {stagesError}");
            }

            stages = parsed;
            var total = LoadStage.TotalDuration(parsed);
            if (parse.GetResult(Duration) is { Implicit: false } && ParseDuration(parse.GetValue(Duration), "--duration") != total)
            {
                throw new UsageException($"--duration and --stages disagree: the stages last {Core.Units.DurationParser.Format(total)}, and the run lasts as long as they do (leave -d out)");
            }

            if (parse.GetResult(Warmup) is { Implicit: false })
            {
                throw new UsageException("--warmup and --stages: the first stage is the warm-up (its requests are measured; a stage to the first target does what a warm-up would)");
            }
        }

        var options = new LoadOptions
        {
            Model = rate is null ? LoadModel.Closed : LoadModel.Open,
            // With stages, -c and -r are where the ramp starts: no users, or no arrivals, unless given.
            Connections = connections ?? (stages is null ? 10 : 0),
            Rate = rate ?? 0,
            Arrivals = arrivals,
            MaxConnections = parse.GetValue(MaxConnections),
            Duration = ParseDuration(parse.GetValue(Duration), "--duration"),
            Requests = parse.GetValue(Requests),
            Warmup = ParseDuration(parse.GetValue(Warmup), "--warmup"),
            Timeout = ParseDuration(parse.GetValue(Timeout), "--timeout"),
            ThinkTime = parse.GetValue(ThinkTime) is { } think ? ParseDuration(think, "--think-time") : TimeSpan.Zero,
            Seed = parse.GetValue(Seed),
            ReportInterval = interval,
        };
        if (stages is not null)
        {
            options = options.WithStages(stages);
        }
        else if (options.Requests is not null && parse.GetResult(Duration) is null or { Implicit: true })
        {
            // -n alone: the count ends the run; the duration is only the bound that keeps it from running forever.
            options = options with { Duration = TimeSpan.FromHours(1) };
        }

        return options.Validate() is { } problem ? throw new UsageException(problem) : options;
    }
}
