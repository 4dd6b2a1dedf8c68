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
public sealed class FaultTrial
{
    private static readonly TimeSpan ServingAnswerPatience = TimeSpan.FromSeconds(2);

    private readonly IScaledSystem _system;
    private readonly ILoadSource _load;
    private readonly FaultTrialOptions _options;
    private readonly TimeProvider _time;

    /// <summary>A trial whose load comes from this process, through <paramref name="load"/>.</summary>
    /// <param name="system">The system, already at its largest size.</param>
    /// <param name="load">The clients the load is sent with (their target included); disposed (when disposable) after the trial's run.</param>
    /// <param name="options">The rate, the duration, when to kill, the orders.</param>
    /// <param name="timeProvider">The clock (a fake one in tests).</param>
    public FaultTrial(IScaledSystem system, ILoadClientFactory load, FaultTrialOptions options, TimeProvider? timeProvider = null)
        : this(system, Local(load, timeProvider), options, timeProvider)
    {
    }

    private static LocalLoadSource Local(ILoadClientFactory load, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(load);
        return new LocalLoadSource((_, _) => load, timeProvider);
    }

    /// <summary>A trial whose load is sent to the system's endpoint by <paramref name="load"/>: this process, or agents.</summary>
    /// <param name="system">The system, already at its largest size.</param>
    /// <param name="load">Where the load comes from.</param>
    /// <param name="options">The rate, the duration, when to kill, the orders.</param>
    /// <param name="timeProvider">The clock (a fake one in tests).</param>
    public FaultTrial(IScaledSystem system, ILoadSource load, FaultTrialOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(options);
        _system = system;
        _load = load;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Runs the step; <paramref name="progress"/> receives the engine's reports as a plain run would.</summary>
    /// <exception cref="ScaleSetupException">The system cannot kill a replica, or the step ended before the kill.</exception>
    public async Task<FaultTrialResult> RunAsync(IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (_options.Validate() is { } problem)
        {
            throw new ArgumentException(problem);
        }

        var replicas = await _system.ServingReplicasAsync(cancellationToken);
        var clock = new LoadClock(_time, progress);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var serving = new List<ServingSample>();
        var loadOptions = LoadOptions.Open(_options.Rate, _options.Duration) with { ReportInterval = _options.Interval, Timeout = _options.Timeout };

        var loadTask = _load.RunAsync(_system.Endpoint, loadOptions, clock, cancellationToken);
        var killTask = KillAsync(clock, stop.Token);
        var pollTask = PollAsync(clock, serving, replicas, stop.Token);
        var ordersTask = _options.Orders is { } orders ? PlaceOrdersAsync(orders, stop.Token, cancellationToken) : Task.FromResult<IReadOnlyList<string>>([]);
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
        if (_options.Orders is { } check)
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
            var due = start + (long)(_options.KillAfter.TotalSeconds * _time.TimestampFrequency);
            var wait = TimeSpan.FromSeconds(Math.Max(0, due - _time.GetTimestamp()) / (double)_time.TimestampFrequency);
            await Task.Delay(wait, _time, stop);
            // The kill's moment is taken before the call: a SIGKILL lands within it, a pod's deletion a little later.
            var killedAt = clock.Seconds(_time.GetTimestamp());
            var name = await _system.KillOneAsync(stop)
                ?? throw new ScaleSetupException($"{_system.Description} cannot kill a replica (--kill-one)");
            return (name, killedAt);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw new ScaleSetupException($"the step's load ended before the kill at {_options.KillAfter.TotalSeconds:0.#} s");
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
                    var count = await _system.ServingReplicasAsync(answer.Token);
                    serving.Add(new ServingSample(clock.Seconds(_time.GetTimestamp()), count));
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    // A system too busy to answer in time is no sample: the next poll asks again.
                }

                await Task.Delay(_options.ServingPoll, _time, stop);
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
                _system.Endpoint,
                new AuditLoadOptions { Orders = orders.Batch, Concurrency = orders.Concurrency, Seed = batch },
                cancellationToken);
            keys.AddRange(placed.AcknowledgedKeys);
        }

        return keys;
    }
}
