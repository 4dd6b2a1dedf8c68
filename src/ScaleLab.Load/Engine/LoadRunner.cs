using HdrHistogram;

namespace ScaleLab.Load.Engine;

/// <summary>
/// Runs one load test: a warm-up measured apart, then the measured window, in the closed or the open model;
/// reports progress once a second; abandons operations past their timeout; and always ends, at the latest a
/// timeout (plus a second's grace) after the window closes.
/// </summary>
/// <example>
/// <code>
/// var factory = HttpTargets.Create(new Uri("http://127.0.0.1:8080/"));
/// var measurement = await new LoadRunner(factory, LoadOptions.Open(rate: 500, TimeSpan.FromSeconds(30))).RunAsync();
/// Console.WriteLine(measurement.Result.LatencyMs.P99);
/// </code>
/// </example>
public sealed class LoadRunner(ILoadClientFactory factory, LoadOptions options, TimeProvider? timeProvider = null)
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Receives each reporting interval's latency histogram (microseconds, with its start and end set) as it is
    /// taken, on the runner's flow: write it to an HdrHistogram log, or copy it. The histogram is reused once the
    /// call returns, so that a run of any length holds no interval histograms.
    /// </summary>
    public Action<HistogramBase>? OnInterval { get; init; }

    /// <summary>
    /// The wall-clock instant (of <c>timeProvider</c>) the run's clock starts at, once its connections are prepared:
    /// several generators started together. Null: as soon as they are. At most <see cref="MaxStartDelay"/> ahead.
    /// </summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>How far ahead <see cref="StartAt"/> may be: a start further off is a mistake (a wrong clock), not a plan.</summary>
    public static TimeSpan MaxStartDelay { get; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Runs the test. Cancelling <paramref name="cancellationToken"/> (Ctrl-C) ends it early; the measurement then
    /// holds what was measured until then and is marked interrupted.
    /// </summary>
    /// <exception cref="TargetUnreachableException">The target could not be reached before the run.</exception>
    public async Task<LoadMeasurement> RunAsync(IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var time = timeProvider ?? TimeProvider.System;
        if (StartAt is { } startAt && startAt - time.GetUtcNow() > MaxStartDelay)
        {
            throw new ArgumentException($"the start instant is {(startAt - time.GetUtcNow()).TotalSeconds:0} s ahead, more than {MaxStartDelay.TotalSeconds:0} s", nameof(StartAt));
        }

        await factory.ProbeAsync(options.Timeout, cancellationToken).ConfigureAwait(false);
        // However the run ends (its end, Ctrl-C, a fault), disposing the context closes every connection it opened
        // before this method returns.
        await using var run = new RunContext(factory, options, time, cancellationToken);
        ILoadScheduler scheduler = options.Model == LoadModel.Closed ? new ClosedLoopScheduler(run) : new OpenLoopScheduler(run);

        // Connections are opened before the clock starts, bounded by the timeout: a target that accepts slowly
        // delays the start, never the run's end.
        var prepare = scheduler.PrepareAsync();
        await Task.WhenAny(prepare, Task.Delay(options.Timeout, time, cancellationToken)).ConfigureAwait(false);
        if (StartAt is { } instant && instant - time.GetUtcNow() is { Ticks: > 0 } untilStart)
        {
            // Ready early: wait for the instant the other generators start at too (late: start now, the lag is small
            // against a run and shows in the agents' interval times).
            try
            {
                await Task.Delay(untilStart, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped before the start: the run starts and ends at once, measuring nothing.
            }
        }

        run.Start();
        var startedAt = time.GetUtcNow();

        var scanPeriod = TimeSpan.FromTicks(Math.Clamp(options.Timeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerMillisecond * 100));
        using var watchdog = time.CreateTimer(_ => AbortOverdue(run), null, scanPeriod, scanPeriod);

        var collector = new IntervalCollector(run, startedAt, OnInterval);
        var schedulerTask = Task.Run(scheduler.RunAsync, CancellationToken.None);
        var hardStop = run.EndTimestamp + run.TimeoutTicks + run.ToTicks(Grace);
        TimeSpan? cpuAtMeasureStart = null;
        var lastTick = run.StartTimestamp;

        while (!schedulerTask.IsCompleted)
        {
            var now = time.GetTimestamp();
            if (cpuAtMeasureStart is null && now >= run.MeasureStartTimestamp)
            {
                cpuAtMeasureStart = Environment.CpuUsage.TotalTime;
            }

            if (now >= hardStop || run.IsInterrupted)
            {
                // Past the window and every timeout, or Ctrl-C: abandon what is left, and wait no more than the grace.
                run.ForceStop();
                await Task.WhenAny(schedulerTask, Task.Delay(Grace, time)).ConfigureAwait(false);
                break;
            }

            var nextTick = Math.Min(lastTick + run.ToTicks(options.ReportInterval), hardStop);
            if (cpuAtMeasureStart is null)
            {
                nextTick = Math.Min(nextTick, run.MeasureStartTimestamp);
            }

            var wait = RunContext.WholeMilliseconds(nextTick - now, time.TimestampFrequency);
            await Task.WhenAny(schedulerTask, Task.Delay(wait, time, CancellationToken.None)).ConfigureAwait(false);
            now = time.GetTimestamp();
            if (now >= nextTick || schedulerTask.IsCompleted)
            {
                lastTick = now;
                // Taken whether or not anyone watches the progress (diagnose doesn't): the intervals are part of the measurement.
                var snapshot = collector.Collect(now);
                progress?.Report(snapshot);
            }
        }

        if (schedulerTask.IsFaulted)
        {
            // The scheduler itself failed (the open model's dispatcher): the load stopped early, which the result must say.
            run.ReportStoppedLoop(schedulerTask.Exception.GetBaseException());
        }

        var end = time.GetTimestamp();
        var cpuAtEnd = Environment.CpuUsage.TotalTime;
        collector.Collect(end);
        return collector.Finish(end, (cpuAtEnd - (cpuAtMeasureStart ?? cpuAtEnd)).TotalSeconds, scheduler, interrupted: cancellationToken.IsCancellationRequested);
    }

    private static void AbortOverdue(RunContext run)
    {
        var now = run.Time.GetTimestamp();
        foreach (var worker in run.Workers)
        {
            worker.AbortIfOverdue(now);
        }
    }
}
