using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Results;
using ScaleLab.Load.Engine;

namespace ScaleLab.Load.Diagnosis;

/// <summary>
/// The measurements of <c>scalelab diagnose</c>: a warm-up, one user long enough for its percentiles, then a
/// closed-model ramp (1, 2, 4, 8, … users, or the given steps), each step sampled by the process watcher and
/// ended by the first stop rule that holds (<see cref="RampStopRules"/>). Every loop is bounded: the steps are a
/// finite list, each step is bounded by the engine, and the budget is checked before each one.
/// </summary>
/// <example>
/// <code>
/// var plan = new DiagnosisPlan { Users = 32, Slo = Slo.Default };
/// var procedure = new DiagnosisProcedure(uri, options => HttpTargets.Create(uri, options), plan, ProcessWatcher.Create([pid], []));
/// var measured = await procedure.RunAsync();
/// var judgement = VerdictRules.Judge(measured.ToInput(plan));
/// </code>
/// </example>
public sealed class DiagnosisProcedure
{
    private static readonly TimeSpan ShortestWarmup = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestWarmup = TimeSpan.FromSeconds(1);

    /// <summary>A step that looks like a stall is measured at most this many more times.</summary>
    private const int MostRepeats = 2;

    private readonly Uri _target;
    private readonly ILoadSource _load;
    private readonly DiagnosisPlan _plan;
    private readonly ProcessWatcher? _watcher;
    private readonly TimeProvider _time;

    /// <summary>A procedure whose load comes from this process, through the clients <paramref name="createFactory"/> makes for each step.</summary>
    /// <param name="target">The system diagnosed.</param>
    /// <param name="createFactory">Makes the clients of one step, given its options; disposed (when disposable) after it.</param>
    /// <param name="plan">The objective, the ramp and the bounds.</param>
    /// <param name="watcher">The processes watched; the machine only when null.</param>
    /// <param name="timeProvider">The clock (a fake one in tests).</param>
    public DiagnosisProcedure(
        Uri target,
        Func<LoadOptions, ILoadClientFactory> createFactory,
        DiagnosisPlan plan,
        ProcessWatcher? watcher = null,
        TimeProvider? timeProvider = null)
        : this(target, new LocalLoadSource((_, options) => createFactory(options), timeProvider), plan, watcher, timeProvider)
    {
    }

    /// <summary>A procedure whose every step is sent by <paramref name="load"/>: this process, or agents.</summary>
    /// <param name="target">The system diagnosed.</param>
    /// <param name="load">Where the load of every step comes from.</param>
    /// <param name="plan">The objective, the ramp and the bounds.</param>
    /// <param name="watcher">The processes watched; the machine only when null.</param>
    /// <param name="timeProvider">The clock (a fake one in tests).</param>
    public DiagnosisProcedure(
        Uri target,
        ILoadSource load,
        DiagnosisPlan plan,
        ProcessWatcher? watcher = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(plan);
        _target = target;
        _load = load;
        _plan = plan;
        _watcher = watcher;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Runs the baseline and the ramp. Cancelling <paramref name="cancellationToken"/> (Ctrl-C) ends it early with
    /// what was measured. Throws <see cref="TargetUnreachableException"/> when the target cannot be reached for the
    /// baseline.
    /// </summary>
    public async Task<DiagnosisMeasurement> RunAsync(IProgress<DiagnosisProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (_plan.Validate() is { } problem)
        {
            throw new ArgumentException(problem);
        }

        var watch = _watcher ?? ProcessWatcher.MachineOnly(_time);
        var startedAt = _time.GetUtcNow();
        var start = _time.GetTimestamp();
        var steps = new List<DiagnoseStep>();

        progress?.Report(new DiagnosisProgress(1, _plan.Warmup, _plan.BaselineDuration, null));
        var baselineOptions = Options(1, _plan.Warmup, _plan.BaselineDuration);
        var measured = await MeasureAsync(baselineOptions, watch, cancellationToken).ConfigureAwait(false);
        if (measured is null)
        {
            return Result(null, steps, new RampStop(RampStopReason.Interrupted, "interrupted before the baseline began"));
        }

        var (baselineRun, baselineStep) = (measured.Value.Run, measured.Value.Step(1, null));
        if (RampStopRules.BaselineNeedsConfirmation(baselineStep, _plan.Slo, _plan.Thresholds)
            && _time.GetElapsedTime(start) + _plan.BaselineDuration <= _plan.MaxDuration
            && !cancellationToken.IsCancellationRequested)
        {
            progress?.Report(new DiagnosisProgress(1, TimeSpan.Zero, _plan.BaselineDuration, null) { Repeating = baselineStep, Attempt = 2 });
            var again = await MeasureAsync(Options(1, ShortestWarmup, _plan.BaselineDuration), watch, cancellationToken).ConfigureAwait(false);
            // The least disturbed of the two: for one user, the one with the lower percentile the objective judges.
            if (again is { } second && !second.Run.Interrupted && _plan.Slo.ValueOf(second.Step(1, null).LatencyMs) < _plan.Slo.ValueOf(baselineStep.LatencyMs))
            {
                (baselineRun, baselineStep) = (second.Run, second.Step(1, null));
            }

            baselineStep = baselineStep with { Repeated = true };
        }

        baselineStep = baselineStep with { Efficiency = baselineStep.Throughput > 0 ? 1 : null, FromBaseline = true };
        steps.Add(baselineStep);
        progress?.Report(new DiagnosisProgress(1, _plan.Warmup, _plan.BaselineDuration, baselineStep));
        if (baselineRun.Interrupted)
        {
            return Result(baselineRun, steps, new RampStop(RampStopReason.Interrupted, "interrupted during the baseline"));
        }

        var concurrencies = _plan.Concurrencies();
        var oneUser = baselineStep.Throughput;
        for (var index = 1; ; index++)
        {
            int? next = index < concurrencies.Count ? concurrencies[index] : null;
            if (cancellationToken.IsCancellationRequested)
            {
                return Result(baselineRun, steps, new RampStop(RampStopReason.Interrupted, next is { } n0 ? $"interrupted before the step at {n0} users" : "interrupted"));
            }

            var (warmup, duration, tail) = next is { } upcoming ? StepTimes(upcoming, steps[^1]) : default;
            var state = new RampState(steps, _plan.Slo, next, _time.GetElapsedTime(start), warmup + duration + tail, _plan.MaxDuration, !watch.IncludesCurrentProcess);
            if (RampStopRules.Check(state, _plan.Thresholds) is { } stop)
            {
                return Result(baselineRun, steps, stop);
            }

            var n = next!.Value;
            progress?.Report(new DiagnosisProgress(n, warmup, duration, null));
            var (step, lost) = await MeasureStepAsync(n, warmup, duration).ConfigureAwait(false);
            for (var attempt = 1; attempt <= MostRepeats && lost is null && step is not null
                 && RampStopRules.NeedsConfirmation(steps, step, _plan.Slo, _plan.Thresholds)
                 && _time.GetElapsedTime(start) + warmup + duration + tail <= _plan.MaxDuration
                 && !cancellationToken.IsCancellationRequested; attempt++)
            {
                progress?.Report(new DiagnosisProgress(n, warmup, duration, null) { Repeating = step, Attempt = attempt + 1 });
                var (again, lostAgain) = await MeasureStepAsync(n, warmup, duration).ConfigureAwait(false);
                (step, lost) = again switch
                {
                    null => (step, lostAgain),
                    { Interrupted: true } => (step, new RampStop(RampStopReason.Interrupted, $"interrupted while measuring the step at {n} users again")),
                    _ => (Better(step, again) with { Repeated = true }, null),
                };
            }

            if (step is null)
            {
                return Result(baselineRun, steps, lost!);
            }

            steps.Add(step);
            progress?.Report(new DiagnosisProgress(n, warmup, duration, step));
            if (step.Interrupted)
            {
                return Result(baselineRun, steps, new RampStop(RampStopReason.Interrupted, $"interrupted during the step at {n} users"));
            }

            if (lost is not null)
            {
                return Result(baselineRun, steps, lost);
            }
        }

        // A step, or why there is none: Ctrl-C before it began, or the target gone.
        async Task<(DiagnoseStep? Step, RampStop? Stop)> MeasureStepAsync(int n, TimeSpan warmup, TimeSpan duration)
        {
            try
            {
                var measured = await MeasureAsync(Options(n, warmup, duration), watch, cancellationToken).ConfigureAwait(false);
                return measured is { } m
                    ? (m.Step(n, oneUser), null)
                    : (null, new RampStop(RampStopReason.Interrupted, $"interrupted before the step at {n} users"));
            }
            catch (TargetUnreachableException ex)
            {
                return (null, new RampStop(RampStopReason.Errors, $"the target stopped answering at the step at {n} users: {ex.Message}"));
            }
        }

        DiagnosisMeasurement Result(Core.Results.RunResult? baseline, List<DiagnoseStep> measuredSteps, RampStop stop) => new(
            baseline,
            DiagnoseStep.WithEfficiency(measuredSteps),
            stop,
            startedAt,
            _time.GetElapsedTime(start),
            stop.Reason == RampStopReason.Interrupted,
            !watch.IncludesCurrentProcess,
            _target.IsLoopback,
            watch.IsWatching ? watch.Summary() : null);
    }

    /// <summary>
    /// Of two measurements of one load, the one less disturbed: more throughput, then the lower latency. Whatever else
    /// runs on the machine (a compile, a GC, another tenant) can only slow a measurement down, never speed it up, so
    /// the better one is nearer what the target can do; a real problem shows in both.
    /// </summary>
    private DiagnoseStep Better(DiagnoseStep first, DiagnoseStep second)
    {
        if (first.Throughput != second.Throughput)
        {
            return second.Throughput > first.Throughput ? second : first;
        }

        return _plan.Slo.ValueOf(second.LatencyMs) < _plan.Slo.ValueOf(first.LatencyMs) ? second : first;
    }

    /// <summary>
    /// A step's warm-up, measured window and expected tail. The window is long enough for about
    /// <see cref="DiagnosisPlan.StepResponses"/> responses at the throughput linear scaling from the last step would
    /// give, within [<see cref="DiagnosisPlan.MinimumStepDuration"/>, <see cref="DiagnosisPlan.StepDuration"/>]. The
    /// warm-up (a fifth of the window, or two of the last step's mean latencies, within 100 ms to 1 s) lets the new
    /// connections open and the queue settle at its new length.
    /// </summary>
    private (TimeSpan Warmup, TimeSpan Duration, TimeSpan Tail) StepTimes(int n, DiagnoseStep previous)
    {
        var expected = previous.Throughput * n / previous.Concurrency;
        var shortest = _plan.MinimumStepDuration < _plan.StepDuration ? _plan.MinimumStepDuration : _plan.StepDuration;
        var duration = expected > 0 ? TimeSpan.FromSeconds(_plan.StepResponses / expected) : _plan.StepDuration;
        duration = Clamp(duration, shortest, _plan.StepDuration);
        var latency = TimeSpan.FromMilliseconds(previous.LatencyMs.Mean);
        var warmup = Clamp(Max(duration / 5, 2 * latency), ShortestWarmup, LongestWarmup);
        var tail = Clamp(latency * n / previous.Concurrency, TimeSpan.Zero, _plan.Timeout);
        return (warmup, duration, tail);
    }

    private LoadOptions Options(int users, TimeSpan warmup, TimeSpan duration) => LoadOptions.Closed(users, duration) with
    {
        Warmup = warmup,
        Timeout = _plan.Timeout,
        // About five sub-intervals per window, for the step's throughput variation.
        ReportInterval = Clamp(duration / 5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)),
    };

    /// <summary>Runs one closed-model step with the watch window open over its measured part; null when Ctrl-C came before it began.</summary>
    private async Task<Measured?> MeasureAsync(LoadOptions options, ProcessWatcher watch, CancellationToken cancellationToken)
    {
        var run = _load.RunAsync(_target, options, null, cancellationToken);
        if (options.Warmup > TimeSpan.Zero)
        {
            // The runner's clock starts after its probe (a round trip): opening the window after the warm-up
            // from here is early by that much at most.
            await Task.WhenAny(run, Task.Delay(options.Warmup, _time, CancellationToken.None)).ConfigureAwait(false);
        }

        await using var window = watch.Begin();
        LoadMeasurement measurement;
        try
        {
            measurement = await run.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        var usage = await window.EndAsync().ConfigureAwait(false);
        // The objective's percentile from the histogram itself, so that any (p95, p99.9) is judged, not only the summary's.
        var judged = LatencyHistograms.ValueAtPercentile(measurement.Latency, _plan.Slo.Percentile.Value);
        return new Measured(measurement.Result, usage, Variation(measurement, options.ReportInterval), _plan.Slo.Percentile, judged);
    }

    /// <summary>The throughput variation across the whole sub-intervals of the window (the last, with the drain, left out).</summary>
    private static double? Variation(LoadMeasurement measurement, TimeSpan interval)
    {
        var whole = measurement.Intervals
            .Take(Math.Max(0, measurement.Intervals.Count - 1))
            .Select(h => (Responses: h.TotalCount, Seconds: (h.EndTimeStamp - h.StartTimeStamp) / 1000.0))
            .Where(i => i.Seconds >= 0.8 * interval.TotalSeconds)
            .ToArray();
        return DiagnoseStep.VariationOf(whole);
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private readonly record struct Measured(Core.Results.RunResult Run, ResourceUsage Usage, double? Variation, SloPercentile Judged, double JudgedMs)
    {
        public DiagnoseStep Step(int n, double? oneUser)
        {
            var step = DiagnoseStep.From(n, Run, oneUser, Usage, Variation);
            return step with { LatencyMs = step.LatencyMs.With(Judged, JudgedMs) };
        }
    }
}
