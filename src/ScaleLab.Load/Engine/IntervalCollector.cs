using HdrHistogram;
using ScaleLab.Core.Results;

namespace ScaleLab.Load.Engine;

/// <summary>
/// Takes the interval histograms and counts of a run as it goes (for progress and for HdrHistogram logs) and
/// assembles the result at the end.
/// </summary>
/// <remarks>
/// Memory stays flat however long the run: an interval's histogram (about 360 KB) is handed to
/// <paramref name="onInterval"/> and then reused for the next interval, never kept; only its span and count are,
/// and its point of the time series (<see cref="RunResult.Intervals"/>: counts, percentiles and the histogram as its
/// compressed text, which separate results need to merge exactly: a few hundred bytes, see docs/json.md).
/// One interval is held back before it joins the series, so that a sliver of an interval (the tick that opens the
/// window, the drain after it closes, whose few completions would read as a spike of throughput) joins its
/// neighbour instead of standing as a point of its own.
/// </remarks>
internal sealed class IntervalCollector(RunContext run, DateTimeOffset startedAt, Action<HistogramBase>? onInterval = null)
{
    private readonly HistogramBase _latency = LatencyHistograms.Create();
    private readonly HistogramBase _uncorrected = LatencyHistograms.Create();
    private readonly List<LoadInterval> _intervals = [];
    private readonly NamedRequestCollector _named = new(run);
    private HistogramBase? _recycledLatency;
    private HistogramBase? _recycledUncorrected;
    private readonly List<ResultInterval> _series = [];
    private HistogramBase? _pending;
    private long _pendingStart;
    private long _pendingEnd;
    private long _pendingRequests;
    private long _pendingErrors;
    private long _lastTimestamp = run.StartTimestamp;
    private long _lastRequests;
    private long _lastErrors;

    public RunProgress Collect(long now)
    {
        // The recorders swap their histograms: handing back last interval's makes taking one allocate nothing.
        var interval = _recycledLatency is null ? run.Latency.GetIntervalHistogram() : run.Latency.GetIntervalHistogram(_recycledLatency);
        _recycledLatency = interval;
        var uncorrected = _recycledUncorrected is null ? run.UncorrectedLatency.GetIntervalHistogram() : run.UncorrectedLatency.GetIntervalHistogram(_recycledUncorrected);
        _recycledUncorrected = uncorrected;
        _uncorrected.Add(uncorrected);
        var warmup = now < run.MeasureStartTimestamp;
        if (interval.TotalCount > 0 || !warmup)
        {
            interval.StartTimeStamp = WallMilliseconds(Math.Max(_lastTimestamp, run.MeasureStartTimestamp));
            interval.EndTimeStamp = WallMilliseconds(now);
            _latency.Add(interval);
            _intervals.Add(new LoadInterval(interval.StartTimeStamp, interval.EndTimeStamp, interval.TotalCount));
            onInterval?.Invoke(interval);
            _named.Collect(interval.StartTimeStamp, interval.EndTimeStamp, onInterval);
        }

        var requests = Sum(w => w.Counters.Requests);
        var errors = Sum(w => w.Counters.Errors);
        if (!warmup)
        {
            AddToSeries(interval, Math.Max(_lastTimestamp, run.MeasureStartTimestamp), now, requests - _lastRequests, errors - _lastErrors);
        }

        var seconds = (now - _lastTimestamp) / (double)run.Time.TimestampFrequency;
        var throughput = seconds > 0 ? (requests - _lastRequests) / seconds : 0;
        _lastTimestamp = now;
        _lastRequests = requests;
        _lastErrors = errors;

        var phaseStart = warmup ? run.StartTimestamp : run.MeasureStartTimestamp;
        var phaseEnd = warmup ? run.MeasureStartTimestamp : run.EndTimestamp;
        return new RunProgress(
            warmup,
            Span(now - phaseStart),
            Span(Math.Max(0, phaseEnd - now)),
            requests,
            errors,
            warmup ? 0 : throughput,
            _latency.TotalCount > 0 ? _latency.GetValueAtPercentile(50) / 1000.0 : 0,
            _latency.TotalCount > 0 ? _latency.GetValueAtPercentile(99) / 1000.0 : 0,
            run.Workers.Count)
        {
            OpenModel = run.Options.Model == LoadModel.Open,
            Stage = run.Profile?.StageAt(now - run.MeasureStartTimestamp),
            StageCount = run.Profile?.Count,
            StageLoad = run.Profile is { } profile
                ? run.Options.Model == LoadModel.Closed ? profile.UsersAt(now - run.MeasureStartTimestamp) : Math.Round(profile.ValueAt(now - run.MeasureStartTimestamp), 2)
                : null,
            StatusCodes = warmup ? new Dictionary<string, long>() : Counts(static (w, totals) => w.Counters.AddStatusCountsTo(totals)),
            ErrorKinds = warmup ? new Dictionary<string, long>() : Counts(static (w, totals) => w.Counters.AddErrorCountsTo(totals)),
        };
    }

    /// <summary>
    /// Adds the span from <paramref name="start"/> to <paramref name="end"/> to the time series: to the interval held
    /// back when it is a sliver (under a tenth of the reporting interval) or the drain after the window, as a new
    /// interval otherwise (the one held back then joins the series).
    /// </summary>
    private void AddToSeries(HistogramBase interval, long start, long end, long requests, long errors)
    {
        var sliver = run.ToTicks(run.Options.ReportInterval) / 10;
        if (_pending is not null && (start >= run.EndTimestamp || _pendingEnd - _pendingStart < sliver))
        {
            _pending.Add(interval);
            _pendingEnd = end;
            _pendingRequests += requests;
            _pendingErrors += errors;
            return;
        }

        FlushSeries();
        _pending ??= LatencyHistograms.Create();
        _pending.Reset();
        _pending.Add(interval);
        (_pendingStart, _pendingEnd, _pendingRequests, _pendingErrors) = (start, end, requests, errors);
    }

    /// <summary>
    /// Turns the interval held back into a point of the series: its counts, percentiles and histogram, the last
    /// encoded to text at once so that no histogram object outlives its interval.
    /// </summary>
    private void FlushSeries()
    {
        if (_pending is null || (_pendingEnd <= _pendingStart && _pendingRequests == 0 && _pending.TotalCount == 0))
        {
            return;
        }

        var options = run.Options;
        var seconds = (_pendingEnd - _pendingStart) / (double)run.Time.TimestampFrequency;
        var throughput = seconds > 0 ? Math.Round(_pendingRequests / seconds, 2) : 0;
        double? asked = null;
        if (options.Model == LoadModel.Open && seconds > 0)
        {
            // The arrivals the rate asked for in the interval (the drain after the window asks for none), over its length.
            var from = _pendingStart - run.MeasureStartTimestamp;
            var to = Math.Min(_pendingEnd, run.EndTimestamp) - run.MeasureStartTimestamp;
            var arrivals = to <= from ? 0
                : run.Profile is { } profile ? profile.ArrivalsBy(to) - profile.ArrivalsBy(from)
                : options.Rate * (to - from) / run.Time.TimestampFrequency;
            asked = Math.Round(arrivals * options.ShareFraction / seconds, 2);
        }

        _series.Add(new ResultInterval
        {
            T = Math.Round((_pendingEnd - run.MeasureStartTimestamp) / (double)run.Time.TimestampFrequency, 3),
            DurationSeconds = Math.Round(seconds, 3),
            Requests = _pendingRequests,
            Errors = _pendingErrors,
            Throughput = throughput,
            LatencyMs = LatencyHistograms.Summarize(_pending),
            RateAsked = asked,
            RateAchieved = asked is null ? null : throughput,
            // The stage at the interval's middle (its part inside the window): reports drift a few milliseconds past
            // each second, and the stage of the last instant would give a second spent in stage 1 to stage 2.
            Stage = run.Profile?.StageAt(((Math.Min(_pendingStart, run.EndTimestamp) + Math.Min(_pendingEnd, run.EndTimestamp)) / 2) - run.MeasureStartTimestamp),
            LatencyHistogram = _pending.TotalCount > 0 ? LatencyHistogramCodec.Encode(_pending) : null,
        });
        _pending.Reset();
        _pendingStart = _pendingEnd;
        _pendingRequests = 0;
        _pendingErrors = 0;
    }

    public LoadMeasurement Finish(long end, double cpuSeconds, ILoadScheduler scheduler, bool interrupted)
    {
        FlushSeries();
        var options = run.Options;
        var open = options.Model == LoadModel.Open;
        // With stages the rate asked is their mean: the arrivals they ask for (the integral of the rate) over their length.
        // With a share (one of several generators) it is the share's.
        double? askedRate = !open ? null
            : run.Profile is { TotalTicks: > 0 } stages ? Math.Round(stages.TotalArrivals * options.ShareFraction * run.Time.TimestampFrequency / stages.TotalTicks, 3)
            : options.Rate * options.ShareFraction;
        var measuredTicks = Math.Max(0, end - run.MeasureStartTimestamp);
        var seconds = measuredTicks / (double)run.Time.TimestampFrequency;
        var requests = Sum(w => w.Counters.Requests);
        var errors = Sum(w => w.Counters.Errors);
        var missed = Sum(w => w.Counters.MissedStarts);
        var started = Sum(w => w.Counters.MeasuredStarts);
        var maxLag = run.Workers.Count == 0 ? 0 : run.Workers.Max(w => w.Counters.MaxStartLagTicks);
        var statusCodes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var errorKinds = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var worker in run.Workers)
        {
            worker.Counters.AddStatusCountsTo(statusCodes);
            worker.Counters.AddErrorCountsTo(errorKinds);
        }

        // A loop an exception ended lost the operation it was running: one failed request, of the engine's making.
        var stoppedLoops = run.StoppedLoops;
        if (stoppedLoops > 0)
        {
            requests += stoppedLoops;
            errors += stoppedLoops;
            errorKinds[ErrorKinds.Engine] = errorKinds.GetValueOrDefault(ErrorKinds.Engine) + stoppedLoops;
        }

        // Throughput counts the completions that ended inside the window, over the window: requests in flight when
        // it closed end in the drain, and those started in the warm-up that end inside it count, so that a closed
        // model's users, each with a request always in flight, are not counted one response short.
        var windowSeconds = Math.Max(0, Math.Min(end, run.EndTimestamp) - run.MeasureStartTimestamp) / (double)run.Time.TimestampFrequency;
        var warmupCompletions = Sum(w => w.Counters.CompletionsIn(RunPhase.Warmup));
        var firstHalf = Sum(w => w.Counters.CompletionsIn(RunPhase.FirstHalf));
        var secondHalf = Sum(w => w.Counters.CompletionsIn(RunPhase.SecondHalf));
        var throughput = windowSeconds > 0 ? (firstHalf + secondHalf) / windowSeconds : 0;
        var utilization = seconds > 0 ? cpuSeconds / seconds / Environment.ProcessorCount : 0;
        var warnings = new List<string>();
        var cpuSaturated = utilization >= 0.9 && seconds >= 1;
        if (cpuSaturated)
        {
            warnings.Add($"the generator used {utilization:P0} of the CPU it may use: it, not the target, may be the bottleneck; give it more cores or run it on another machine");
        }

        var missedShare = started > 0 ? missed / (double)started : 0;
        if (open && missed > 0 && missedShare >= 0.001)
        {
            warnings.Add($"the generator started {missed} of {started} requests more than {options.MissedStartTolerance.TotalMilliseconds:0.#} ms late (worst {run.ToMilliseconds(maxLag):0.#} ms): the rate offered was below {askedRate:0.##}/s" +
                (scheduler.PeakConnections >= options.MaxConnections ? $"; all {options.MaxConnections} connections were busy (raise --max-connections)" : string.Empty));
        }

        if (requests > 0 && errors * 2 > requests)
        {
            warnings.Add($"{errors} of {requests} requests failed: the figures describe failures more than service");
        }

        if (errorKinds.TryGetValue(ErrorKinds.Engine, out var engineErrors))
        {
            warnings.Add($"the generator itself failed ({engineErrors} engine errors" +
                (stoppedLoops > 0 ? $", {stoppedLoops} users or connections stopped early" : string.Empty) +
                $"; first: {run.FirstEngineFault}): less load was offered than asked, and these errors are not the target's");
        }

        if (run.Factory is IRunWarningSource source)
        {
            warnings.AddRange(source.RunWarnings());
        }

        if (run.EndedEarly is { } endedEarly)
        {
            warnings.Add(endedEarly);
        }

        if (interrupted)
        {
            warnings.Add("interrupted: the results hold what was measured until then");
        }

        // The backlog at a moment is the arrivals due by then less the completions by then; judged only on a window
        // that ran to its end (a request budget or Ctrl-C ends it at some other point).
        long? backlog = null;
        bool? fellBehind = null;
        if (scheduler.Arrivals is { } arrivals)
        {
            // With a flow an arrival is an iteration, answered when the iteration ends, not at each of its steps.
            var (doneInWarmup, doneFirst, doneSecond) = run.IsFlow
                ? (Sum(w => w.Counters.IterationsEndedIn(RunPhase.Warmup)), Sum(w => w.Counters.IterationsEndedIn(RunPhase.FirstHalf)), Sum(w => w.Counters.IterationsEndedIn(RunPhase.SecondHalf)))
                : (warmupCompletions, firstHalf, secondHalf);
            backlog = arrivals.Total - (doneInWarmup + doneFirst + doneSecond);
            var backlogAtMiddle = arrivals.BeforeMid - (doneInWarmup + doneFirst);
            fellBehind = !interrupted && end >= run.EndTimestamp
                ? KeepUpRule.FellBehind(backlogAtMiddle, backlog.Value, arrivals.Total - arrivals.BeforeMid, (run.EndTimestamp - run.MidTimestamp) / (double)run.Time.TimestampFrequency)
                : null;
        }

        var result = new RunResult
        {
            Target = run.Factory.Target,
            Model = open ? "open" : "closed",
            Connections = scheduler.PeakConnections,
            Rate = askedRate,
            Arrivals = open ? options.Arrivals.ToString().ToLowerInvariant() : null,
            DurationSeconds = Math.Round(windowSeconds, 3),
            WarmupSeconds = options.Warmup.TotalSeconds,
            Requests = requests,
            Errors = errors,
            ErrorRate = requests > 0 ? Math.Round(errors / (double)requests, 6) : 0,
            Throughput = Math.Round(throughput, 2),
            RateAsked = askedRate,
            RateAchieved = open ? Math.Round(run.IsFlow ? IterationRate(windowSeconds) : throughput, 2) : null,
            Arrived = scheduler.Arrivals?.Measured,
            Unsent = open ? scheduler.Unsent : null,
            Backlog = backlog,
            FellBehind = fellBehind,
            LatencyMs = LatencyHistograms.Summarize(_latency),
            UncorrectedLatencyMs = open ? LatencyHistograms.Summarize(_uncorrected) : null,
            LatencyHistogram = _latency.TotalCount > 0 ? LatencyHistogramCodec.Encode(_latency) : null,
            UncorrectedLatencyHistogram = open && _uncorrected.TotalCount > 0 ? LatencyHistogramCodec.Encode(_uncorrected) : null,
            StatusCodes = statusCodes,
            ErrorKinds = errorKinds,
            BytesReceived = Sum(w => w.Counters.Bytes),
            ByName = _named.ByName(windowSeconds),
            Checks = _named.Checks(),
            Iterations = _named.Iterations,
            IterationLatencyMs = _named.IterationLatency,
            IterationLatencyHistogram = _named.IterationLatencyHistogram,
            Generator = new GeneratorHealth(
                CpuSeconds: Math.Round(cpuSeconds, 3),
                CpuPerRequestMicroseconds: requests > 0 ? Math.Round(cpuSeconds * 1e6 / requests, 2) : 0,
                Utilization: Math.Round(utilization, 3),
                Saturated: cpuSaturated || (open && missedShare >= 0.01),
                MissedStarts: missed,
                MissedStartToleranceMs: options.MissedStartTolerance.TotalMilliseconds,
                MaxStartLagMs: Math.Round(run.ToMilliseconds(maxLag), 3)),
            Stages = options.Stages?.Select(s => new ResultStage(s.Duration.TotalSeconds, s.Target)).ToArray() ?? [],
            Intervals = _series,
            Interrupted = interrupted,
            Warnings = warnings,
        };
        return new LoadMeasurement(result, _latency, _intervals, startedAt);
    }

    /// <summary>With a flow: the iterations that ended inside the window, per second (the open model's achieved rate).</summary>
    private double IterationRate(double windowSeconds) => windowSeconds > 0
        ? Sum(w => w.Counters.IterationsEndedIn(RunPhase.FirstHalf) + w.Counters.IterationsEndedIn(RunPhase.SecondHalf)) / windowSeconds
        : 0;

    /// <summary>A count by key summed over the workers: a few keys, taken once an interval.</summary>
    private SortedDictionary<string, long> Counts(Action<LoadWorker, IDictionary<string, long>> add)
    {
        var totals = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var worker in run.Workers)
        {
            add(worker, totals);
        }

        return totals;
    }

    private long Sum(Func<LoadWorker, long> value)
    {
        long total = 0;
        foreach (var worker in run.Workers)
        {
            total += value(worker);
        }

        return total;
    }

    private TimeSpan Span(long ticks) => TimeSpan.FromSeconds(ticks / (double)run.Time.TimestampFrequency);

    private long WallMilliseconds(long timestamp) =>
        (startedAt + Span(timestamp - run.StartTimestamp)).ToUnixTimeMilliseconds();
}
