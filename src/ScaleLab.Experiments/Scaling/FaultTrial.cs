using ScaleLab.Core.Scaling;
using ScaleLab.Lab.Audit;
using ScaleLab.Load.Engine;

namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// The <c>--kill-one AFTER</c> step: an open-model load on a system already at its largest size, one replica killed
/// after a delay, the serving count polled meanwhile, and, on the lab, orders placed beside the load and audited
/// afterwards. What the kill cost comes out as the scale result's <see cref="ScaleFault"/>.
/// </summary>
/// <example>
/// <code>
/// var trial = new FaultTrial(system, HttpTargets.Create(system.Endpoint),
///     new FaultTrialOptions { Rate = 400, Duration = TimeSpan.FromSeconds(20), KillAfter = TimeSpan.FromSeconds(5) });
/// var result = await trial.RunAsync(progress: null, ct);
/// Console.WriteLine(result.Summary);
/// </code>
/// </example>
public sealed class FaultTrial(IScaledSystem system, ILoadClientFactory load, FaultTrialOptions options, TimeProvider? timeProvider = null)
{
    private static readonly TimeSpan ServingAnswerPatience = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Runs the step; <paramref name="progress"/> receives the engine's reports as a plain run would.</summary>
    /// <exception cref="ScaleSetupException">The system cannot kill a replica, or the step ended before the kill.</exception>
    public async Task<FaultTrialResult> RunAsync(IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(load);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var replicas = await system.ServingReplicasAsync(cancellationToken);
        var clock = new LoadClock(_time, progress);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var serving = new List<ServingSample>();
        var loadOptions = LoadOptions.Open(options.Rate, options.Duration) with { ReportInterval = options.Interval, Timeout = options.Timeout };

        var loadTask = new LoadRunner(load, loadOptions, _time).RunAsync(clock, cancellationToken);
        var killTask = KillAsync(clock, stop.Token);
        var pollTask = PollAsync(clock, serving, replicas, stop.Token);
        var ordersTask = options.Orders is { } orders ? PlaceOrdersAsync(orders, stop.Token, cancellationToken) : Task.FromResult<IReadOnlyList<string>>([]);
        LoadMeasurement measurement;
        try
        {
            measurement = await loadTask;
        }
        finally
        {
            await stop.CancelAsync();
            // However the load ended, the kill, the poll and the orders end with it: none is left running or unobserved.
            await Task.WhenAll(killTask, pollTask, ordersTask).ContinueWith(
                static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        await pollTask;
        var keys = await ordersTask;
        var (replica, killedAt) = await killTask;

        AuditReport? audit = null;
        if (options.Orders is { } check)
        {
            audit = await check.CheckAsync(keys, cancellationToken);
        }

        var samples = clock.Samples();
        var timeline = FaultTimeline.Analyse(samples, serving, killedAt);
        var result = measurement.Result;
        var fault = new ScaleFault
        {
            Replica = replica,
            KilledAtSeconds = Math.Round(killedAt, 3),
            Requests = result.Requests,
            Errors = result.Errors,
            ErrorKinds = result.ErrorKinds,
            EjectedAfterMs = Round(timeline.EjectedAfterMs),
            ReplacedAfterMs = Round(timeline.ReplacedAfterMs),
            CapacityBefore = Math.Round(timeline.CapacityBefore, 1),
            CapacityDuring = Math.Round(timeline.CapacityDuring, 1),
            CapacityAfter = Math.Round(timeline.CapacityAfter, 1),
            OrdersAcknowledged = audit?.Acknowledged,
            OrdersLost = audit?.MissingCount,
            OrdersDoubled = audit?.DuplicatedCount,
            Replicas = replicas,
            ExpectedLossShare = replicas > 0 ? Math.Round(1.0 / replicas, 4) : 0,
            MeasuredLossShare = timeline.CapacityBefore > 0 ? Math.Round(Math.Max(0, 1 - timeline.CapacityDuring / timeline.CapacityBefore), 4) : 0,
        };
        return new FaultTrialResult(fault, measurement, samples, [.. serving], audit);
    }

    private static double? Round(double? ms) => ms is { } value ? Math.Round(value) : null;

    private async Task<(string Replica, double KilledAt)> KillAsync(LoadClock clock, CancellationToken stop)
    {
        try
        {
            var start = await clock.Started.WaitAsync(stop);
            var due = start + (long)(options.KillAfter.TotalSeconds * _time.TimestampFrequency);
            var wait = TimeSpan.FromSeconds(Math.Max(0, due - _time.GetTimestamp()) / (double)_time.TimestampFrequency);
            await Task.Delay(wait, _time, stop);
            // The kill's moment is taken before the call: a SIGKILL lands within it, a pod's deletion a little later.
            var killedAt = clock.Seconds(_time.GetTimestamp());
            var name = await system.KillOneAsync(stop)
                ?? throw new ScaleSetupException($"{system.Description} cannot kill a replica (--kill-one)");
            return (name, killedAt);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw new ScaleSetupException($"the step's load ended before the kill at {options.KillAfter.TotalSeconds:0.#} s");
        }
    }

    private async Task PollAsync(LoadClock clock, List<ServingSample> serving, int atStart, CancellationToken stop)
    {
        serving.Add(new ServingSample(0, atStart));
        try
        {
            await clock.Started.WaitAsync(stop);
            while (!stop.IsCancellationRequested)
            {
                using var answer = CancellationTokenSource.CreateLinkedTokenSource(stop);
                answer.CancelAfter(ServingAnswerPatience);
                try
                {
                    var count = await system.ServingReplicasAsync(answer.Token);
                    serving.Add(new ServingSample(clock.Seconds(_time.GetTimestamp()), count));
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    // A system too busy to answer in time is no sample: the next poll asks again.
                }

                await Task.Delay(options.ServingPoll, _time, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The step's load ended.
        }
    }

    /// <summary>Batches of orders until the load ends; a batch under way finishes, so that every acknowledged key is known.</summary>
    private async Task<IReadOnlyList<string>> PlaceOrdersAsync(FaultOrders orders, CancellationToken stop, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        for (var batch = 1; !stop.IsCancellationRequested; batch++)
        {
            var placed = await AuditLoad.RunAsync(
                system.Endpoint,
                new AuditLoadOptions { Orders = orders.Batch, Concurrency = orders.Concurrency, Seed = batch },
                cancellationToken);
            keys.AddRange(placed.AcknowledgedKeys);
        }

        return keys;
    }
}
