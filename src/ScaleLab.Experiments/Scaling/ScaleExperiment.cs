using System.Globalization;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scaling;
using ScaleLab.Load.Engine;

namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// The <c>scale</c> experiment: for every size, resize the system, warm it up until its rate is stable, then find its
/// capacity at the objective (open-model runs, bracketing then bisecting to 5 %) while every tier's CPU and memory is
/// sampled; then the analysis (efficiency, USL, verdict) and, when asked, one replica killed at the largest count.
/// Bounded: the warm-up, each run and the whole experiment have a time limit, and Ctrl-C ends it with what was
/// measured.
/// </summary>
/// <example>
/// <code>
/// await using var system = new LabScaledSystem(...);
/// var result = await new ScaleExperiment(system, plan).RunAsync(header, progress, ct);
/// </code>
/// </example>
public sealed class ScaleExperiment(IScaledSystem system, ScalePlan plan, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>The plan's load source; stateless, so a new local one per run costs nothing. <see cref="ScalePlan.Validate"/> holds one of the two given.</summary>
    private ILoadSource Source => plan.Load ?? new LocalLoadSource(plan.CreateFactory!, _time);

    /// <summary>
    /// Runs every step and returns the whole result. Ctrl-C (<paramref name="cancellationToken"/>) or the time budget
    /// end it early: the result then holds the steps measured and is marked interrupted. Throws
    /// <see cref="ScaleSetupException"/> when the system cannot be started or resized before any step was measured.
    /// </summary>
    public async Task<ScaleResult> RunAsync(ResultHeader header, IProgress<ScaleProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (plan.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(plan));
        }

        var started = _time.GetTimestamp();
        var deadline = started + (long)(plan.MaxDuration.TotalSeconds * _time.TimestampFrequency);
        var steps = new List<ScaleStep>();
        var warnings = new List<string>();
        var interrupted = false;
        ScaleFault? fault = null;
        var faultTried = false;
        var largest = plan.Sizes.Max(s => s.Replicas);
        for (var i = 0; i < plan.Sizes.Count; i++)
        {
            var size = plan.Sizes[i];
            if (cancellationToken.IsCancellationRequested || _time.GetTimestamp() >= deadline)
            {
                interrupted = true;
                warnings.Add(cancellationToken.IsCancellationRequested
                    ? "interrupted (Ctrl-C): the steps not measured are left out"
                    : $"the time budget (--max-duration {Core.Units.DurationParser.Format(plan.MaxDuration)}) ran out: the steps not measured are left out");
                break;
            }

            var context = new StepContext(i, plan.Sizes.Count, size, started);
            progress?.Report(context.Progress("resizing", _time));
            try
            {
                await system.ResizeAsync(size, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
                warnings.Add("interrupted (Ctrl-C) while resizing: the steps not measured are left out");
                break;
            }
            catch (ScaleSetupException ex) when (steps.Count > 0)
            {
                interrupted = true;
                warnings.Add($"{Describe(size)} could not be reached ({ex.Message}): the steps after it are left out");
                break;
            }

            var step = await MeasureAsync(context, deadline, progress, cancellationToken);
            if (step is null)
            {
                interrupted = true;
                warnings.Add(cancellationToken.IsCancellationRequested
                    ? $"interrupted (Ctrl-C) during {Describe(size)}: that step and the ones after it are left out"
                    : $"the time budget ran out during {Describe(size)}: that step and the ones after it are left out");
                break;
            }

            steps.Add(step);
            if (cancellationToken.IsCancellationRequested || _time.GetTimestamp() >= deadline)
            {
                warnings.Add($"{Describe(size)}: the capacity search was cut short after {step.Probes} rate(s); its capacity is a lower bound");
            }

            progress?.Report(context.Progress("step", _time) with { Step = step, Tiers = step.Tiers });

            if (plan.FaultTrial is { } trial && size.Replicas == largest && !faultTried && !cancellationToken.IsCancellationRequested)
            {
                faultTried = true;
                progress?.Report(context.Progress("fault", _time));
                fault = await trial(system, step, cancellationToken);
                if (fault is null)
                {
                    warnings.Add("--kill-one: the fault trial did not run (see above); the steps are reported without it");
                }
            }
        }

        var analysis = ScaleAnalysis.Of(steps, header.Machine?.Cores ?? Environment.ProcessorCount);
        return new ScaleResult
        {
            Target = system.Description,
            Slo = plan.Objective,
            Steps = analysis.Steps,
            Usl = analysis.Usl,
            Verdict = analysis.Verdict,
            Comparison = analysis.Comparison,
            Fault = fault,
            Interrupted = interrupted,
            DurationSeconds = Math.Round(_time.GetElapsedTime(started).TotalSeconds, 1),
            Warnings = [.. warnings, .. analysis.Warnings],
        }.WithHeader(header);
    }

    /// <summary>Warm-up, then the capacity search; null when Ctrl-C or the budget stopped it before any rate was judged.</summary>
    private async Task<ScaleStep?> MeasureAsync(StepContext context, long deadline, IProgress<ScaleProgress>? progress, CancellationToken cancellationToken)
    {
        var endpoint = system.Endpoint;
        var (warmupSeconds, warmRate, flatOut) = await WarmUpAsync(context, endpoint, deadline, progress, cancellationToken);
        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        // The warm-up ran the system flat out and may have left a queue behind (requests it gave up on).
        await DrainAsync(endpoint, deadline, cancellationToken);

        // The closed-model warm-up ran the system flat out: its throughput bounds the capacity at any objective, so
        // the search starts a little under it.
        var search = new CapacitySearch(Math.Max(1, warmRate * 0.8), maxProbes: plan.MaxProbes);
        Probe? atCapacity = null;
        Probe? above = null;
        while (search.Next is { } rate)
        {
            if (cancellationToken.IsCancellationRequested || _time.GetTimestamp() >= deadline)
            {
                break;
            }

            progress?.Report(context.Progress("probing", _time) with { Rate = rate, SearchPhase = search.Phase, Bracket = (search.HighestPassed, search.LowestFailed) });
            var probe = await ProbeAsync(context, endpoint, rate, progress, cancellationToken);
            if (probe is null)
            {
                break;
            }

            search.Record(rate, probe.Passed);
            if (!probe.Passed)
            {
                await DrainAsync(endpoint, deadline, cancellationToken);
            }

            if (probe.Passed && rate >= (atCapacity?.Rate ?? 0))
            {
                atCapacity = probe;
            }
            else if (!probe.Passed && rate <= (above?.Rate ?? double.MaxValue))
            {
                above = probe;
            }

            progress?.Report(context.Progress("probed", _time) with
            {
                Rate = rate,
                LatencyMs = probe.LatencyMs,
                ErrorRate = probe.Run.ErrorRate,
                ErrorKinds = probe.Run.ErrorKinds,
                StatusCodes = probe.Run.StatusCodes,
                Passed = probe.Passed,
                SearchPhase = search.Phase,
                Bracket = (search.HighestPassed, search.LowestFailed),
                Tiers = probe.Tiers,
            });
        }

        if (search.Probes == 0)
        {
            return null;
        }

        // What limited the step shows where the load stopped passing: the rate just above the capacity.
        var limit = above ?? atCapacity!;
        var shown = atCapacity ?? above!;
        // Late starts count only where the system kept up (the capacity rate): above it, a system that falls
        // behind delays the generator's sends too. The generator's own CPU counts at both.
        var limitedBy = LimitOf(atCapacity?.Run) ?? (above?.Run.Generator.Utilization >= GeneratorBusy ? "generator" : null);
        var generatorLimited = limitedBy is not null;
        return new ScaleStep
        {
            Replicas = context.Size.Replicas,
            Cpus = context.Size.Cpus,
            MemoryMb = context.Size.MemoryMb,
            Capacity = Math.Round(search.Capacity, 1),
            Efficiency = 1,
            WarmupSeconds = Math.Round(warmupSeconds, 1),
            LatencyMs = shown.Run.LatencyMs,
            Errors = shown.Run.Errors,
            Requests = shown.Run.Requests,
            Tiers = shown.Tiers,
            FlatOutTiers = flatOut,
            GeneratorLimited = generatorLimited,
            LimitedBy = limitedBy,
            MachineCpuPercent = limit.MachineCpuPercent,
            Probes = search.Probes,
        };
    }

    /// <summary>
    /// A closed-model run with enough users to keep every replica busy, ended as soon as its per-second throughput is
    /// stable (or at <see cref="ScalePlan.MaxWarmup"/>): the seconds it took, the stable rate, and every tier's CPU
    /// over its stable end (the system flat out).
    /// </summary>
    private async Task<(double Seconds, double Rate, IReadOnlyList<TierUsage> FlatOut)> WarmUpAsync(StepContext context, Uri endpoint, long deadline, IProgress<ScaleProgress>? progress, CancellationToken cancellationToken)
    {
        var remaining = TimeSpan.FromSeconds(Math.Max(1, (deadline - _time.GetTimestamp()) / (double)_time.TimestampFrequency));
        var duration = plan.MaxWarmup < remaining ? plan.MaxWarmup : remaining;
        var users = Math.Clamp(plan.WarmupUsersPerReplica * context.Size.Replicas, 1, 1024);
        var options = LoadOptions.Closed(users, duration) with { Timeout = plan.Timeout };
        var detector = new WarmupDetector();
        await using var flatOut = new FlatOutSampler(system.Processes(), detector.Window, _time);
        using var stable = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var begun = _time.GetTimestamp();
        (long Requests, long Errors) last = (0, 0);
        var reporter = new Reporter(p =>
        {
            if (p.Warmup || p.Elapsed < TimeSpan.FromMilliseconds(500))
            {
                return;
            }

            // A second with failures is not warm, however steady: a replica still starting, or a queue still draining.
            var answered = p.Requests - last.Requests;
            var failed = p.Errors - last.Errors;
            last = (p.Requests, p.Errors);
            progress?.Report(context.Progress("warming", _time) with { Throughput = p.IntervalThroughput });
            flatOut.Tick();
            if (detector.Add(failed > Math.Max(1, WarmErrorShare * answered) ? 0 : p.IntervalThroughput))
            {
                stable.Cancel();
            }
        });
        try
        {
            var measured = await Source.RunAsync(endpoint, options, reporter, stable.Token);
            var rate = detector.IsStable || detector.Intervals > 0 ? detector.Rate : measured.Result.Throughput;
            return (_time.GetElapsedTime(begun).TotalSeconds, rate > 0 ? rate : measured.Result.Throughput, await flatOut.EndAsync());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (_time.GetElapsedTime(begun).TotalSeconds, 0, []);
        }
        catch (TargetUnreachableException ex)
        {
            throw new ScaleSetupException($"{endpoint} does not answer: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// After a rate that failed: waits until the system answers one user within the objective again, so that the
    /// next rate does not inherit the queue the failed one left behind (requests the generator gave up on are still
    /// being served). Bounded by <see cref="DrainPatience"/> and the budget.
    /// </summary>
    private async Task DrainAsync(Uri endpoint, long deadline, CancellationToken cancellationToken)
    {
        var until = _time.GetTimestamp() + (long)(DrainPatience.TotalSeconds * _time.TimestampFrequency);
        var options = LoadOptions.Closed(1, plan.Timeout) with { Requests = 3, Timeout = plan.Timeout };
        while (!cancellationToken.IsCancellationRequested && _time.GetTimestamp() < Math.Min(until, deadline))
        {
            try
            {
                var one = await Source.RunAsync(endpoint, options, null, cancellationToken);
                if (one.Result.Errors == 0 && one.Result.Requests > 0 && one.Result.LatencyMs.Max <= plan.Objective.LatencyMs)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or TargetUnreachableException)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), _time, CancellationToken.None);
        }
    }

    /// <summary>The longest the wait for a failed rate's queue to drain may last.</summary>
    private static readonly TimeSpan DrainPatience = TimeSpan.FromSeconds(20);

    /// <summary>A warm-up second with more failures than this share does not count as stable.</summary>
    private const double WarmErrorShare = 0.01;

    /// <summary>One open-model run at <paramref name="rate"/>, with every tier sampled over its measured window; null when Ctrl-C cut it.</summary>
    private async Task<Probe?> ProbeAsync(StepContext context, Uri endpoint, double rate, IProgress<ScaleProgress>? progress, CancellationToken cancellationToken)
    {
        var options = LoadOptions.Open(rate, plan.ProbeDuration) with { Warmup = plan.ProbeWarmup, Timeout = plan.Timeout };
        var processes = system.Processes();
        TierSampler? sampler = null;
        var reporter = new Reporter(p =>
        {
            // The first report of the measured window comes as it opens: the tiers are sampled over the same window.
            if (!p.Warmup)
            {
                sampler ??= TierSampler.Begin(processes, _time);
                progress?.Report(context.Progress("probing", _time) with { Rate = rate, Throughput = p.IntervalThroughput });
            }
        });
        try
        {
            var measured = await Source.RunAsync(endpoint, options, reporter, cancellationToken);
            sampler ??= TierSampler.Begin(processes, _time);
            var (tiers, machine) = await sampler.EndAsync();
            if (measured.Result.Interrupted)
            {
                return null;
            }

            var latency = measured.Latency.TotalCount > 0 ? measured.Latency.GetValueAtPercentile(plan.Objective.Percentile) / 1000.0 : double.PositiveInfinity;
            var passed = plan.Objective.IsMet(latency, measured.Result.ErrorRate) && measured.Result.Requests > 0 && measured.Result.FellBehind != true;
            return new Probe(rate, passed, Math.Round(latency, 3), measured.Result, tiers, machine);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (TargetUnreachableException ex)
        {
            throw new ScaleSetupException($"{endpoint} does not answer: {ex.Message}", ex);
        }
        finally
        {
            if (sampler is not null)
            {
                await sampler.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Whether the generator kept to its schedule in <paramref name="run"/>: <c>generator</c> when its own CPU was
    /// near full, <c>machine</c> when it was not but still started 5 % or more of its requests late (the machine gave
    /// it no CPU in time: on a shared machine, the other processes, this system's included), null when it kept up.
    /// </summary>
    internal static string? LimitOf(RunResult? run)
    {
        if (run is null)
        {
            return null;
        }

        if (run.Generator.Utilization >= GeneratorBusy)
        {
            return "generator";
        }

        return run.Requests > 0 && run.Generator.MissedStarts >= LateShare * run.Requests ? "machine" : null;
    }

    /// <summary>The generator's CPU share (of the cores it may use) from which it is the limit, as the engine's own rule says.</summary>
    private const double GeneratorBusy = 0.9;

    /// <summary>
    /// Late starts from which the schedule was not kept. The engine's own rule flags 1 %; a loaded 2-core machine
    /// shows that much from scheduling noise alone, which would refuse every verdict, so here it takes five times more.
    /// </summary>
    private const double LateShare = 0.05;

    private static string Describe(ScaleSize size) =>
        string.Create(CultureInfo.InvariantCulture, $"{size.Replicas} replica(s){(size.Cpus is { } c ? $" × {c} CPU" : "")}{(size.MemoryMb is { } m ? $" × {m} MiB" : "")}");

    private sealed record Probe(double Rate, bool Passed, double LatencyMs, RunResult Run, IReadOnlyList<TierUsage> Tiers, double? MachineCpuPercent);

    private sealed record StepContext(int Index, int Count, ScaleSize Size, long Started)
    {
        public ScaleProgress Progress(string phase, TimeProvider time) => new(phase, Index, Count, Size, time.GetElapsedTime(Started));
    }

    /// <summary>Progress called on the runner's flow, synchronously (a <see cref="Progress{T}"/> would post to the thread pool and lag).</summary>
    private sealed class Reporter(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
