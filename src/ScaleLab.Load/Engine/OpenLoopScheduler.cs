using System.Threading.Channels;

namespace ScaleLab.Load.Engine;

/// <summary>
/// The open model: arrivals at the asked rate whatever the target does, as real users arrive. Each arrival keeps
/// its intended send time, and latency counts from it, so a stall of the target shows in full (wrk2's correction
/// for coordinated omission). When every connection is busy a new one is opened, up to the maximum; beyond it
/// arrivals queue, and a start later than the tolerance counts as missed: the generator, not the target, fell behind.
/// </summary>
internal sealed class OpenLoopScheduler(RunContext run) : ILoadScheduler
{
    private readonly Channel<long> _arrivals = Channel.CreateUnbounded<long>(
        // Synchronous continuations: an idle connection takes its arrival on the dispatcher's own thread, at once,
        // instead of after a hop through the thread pool (which costs a wake-up per request and adds lateness).
        new UnboundedChannelOptions { SingleWriter = true, SingleReader = false, AllowSynchronousContinuations = true });

    private static readonly TimeSpan MaxSleep = TimeSpan.FromMilliseconds(50);

    private readonly List<Task> _connections = [];
    private int _idle;
    private int _peak;

    public int PeakConnections => Volatile.Read(ref _peak);

    /// <summary>Arrivals that were due in the window but never sent because the run ended first.</summary>
    public long Unsent { get; private set; }

    public Task PrepareAsync()
    {
        // A few connections before the first arrival, so that the first requests don't all pay for a connect;
        // more are opened only when arrivals queue.
        var initial = (int)Math.Clamp(Math.Ceiling(run.Options.Rate / 1000), 1, Math.Min(16, run.Options.MaxConnections));
        var connecting = new Task[initial];
        for (var i = 0; i < initial; i++)
        {
            connecting[i] = OpenConnection().PrepareAsync();
        }

        return Task.WhenAll(connecting);
    }

    public async Task RunAsync()
    {
        // On the system clock the dispatcher gets a thread of its own and sleeps on it: a timer per wake-up would
        // go through the thread pool, whose workers spin after each item and cost more CPU than the requests.
        var dispatch = run.Time == TimeProvider.System
            ? Task.Factory.StartNew(DispatchAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()
            : DispatchAsync();
        await dispatch.ConfigureAwait(false);
        _arrivals.Writer.TryComplete();
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
        while (_arrivals.Reader.TryRead(out _))
        {
            Unsent++;
        }
    }

    private async Task DispatchAsync()
    {
        var time = run.Time;
        var schedule = new ArrivalSchedule(run.Options.Rate, run.Options.Arrivals, time.TimestampFrequency, run.Options.Seed);
        long index = 0;
        var next = run.StartTimestamp + schedule.OffsetOf(index);
        while (true)
        {
            var now = time.GetTimestamp();
            while (next <= now)
            {
                // Claim by the intended time, so that the window and the budget count arrivals, not late starts.
                if (!run.TryClaim(next))
                {
                    return;
                }

                _arrivals.Writer.TryWrite(next);
                if (Volatile.Read(ref _idle) < _arrivals.Reader.Count && _connections.Count < run.Options.MaxConnections)
                {
                    OpenConnection();
                }

                next = run.StartTimestamp + schedule.OffsetOf(++index);
            }

            if (run.IsInterrupted || next >= run.EndTimestamp)
            {
                return;
            }

            // Timers have a resolution of a millisecond, and a delay under one returns at once (a busy loop), so
            // wait at least one; every arrival due by then is sent on that wake-up with its own intended time, so the
            // lateness is measured, never hidden.
            var wait = RunContext.WholeMilliseconds(next - now, time.TimestampFrequency);
            if (time == TimeProvider.System)
            {
                // Short sleeps so that Ctrl-C is seen within 50 ms even at one arrival a minute.
                Thread.Sleep(wait < MaxSleep ? wait : MaxSleep);
                continue;
            }

            try
            {
                await Task.Delay(wait, time, run.Interrupt).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private LoadWorker OpenConnection()
    {
        // Counted idle from the start: a connection still connecting will take the next arrival, so a burst of
        // arrivals opens one connection per queued arrival, not one per arrival.
        Interlocked.Increment(ref _idle);
        var worker = run.AddWorker();
        lock (_connections)
        {
            _connections.Add(run.Supervise(ConnectionLoopAsync(worker)));
            _peak = Math.Max(_peak, _connections.Count);
        }

        return worker;
    }

    private async Task ConnectionLoopAsync(LoadWorker worker)
    {
        await Task.Yield();
        await worker.Ready.ConfigureAwait(false);
        var reader = _arrivals.Reader;
        try
        {
            while (true)
            {
                // ReadAsync hands each arrival to one waiting connection; WaitToReadAsync would wake every idle
                // connection for every arrival.
                var intended = reader.TryRead(out var queued) ? queued : await reader.ReadAsync(run.Interrupt).ConfigureAwait(false);
                Interlocked.Decrement(ref _idle);
                var start = worker.Begin(intended);
                OperationResult result;
                try
                {
                    result = await worker.Client.ExecuteAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    result = worker.FailureOf(ex);
                }

                await worker.EndAsync(result, start, intended).ConfigureAwait(false);
                Interlocked.Increment(ref _idle);
            }
        }
        catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
        {
            // The window closed (no more arrivals) or the run was interrupted (queued arrivals are not sent).
        }
    }
}
