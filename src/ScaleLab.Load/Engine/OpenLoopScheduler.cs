using System.Threading.Channels;
using ScaleLab.Core.Results;

namespace ScaleLab.Load.Engine;

/// <summary>
/// The open model: arrivals at the asked rate whatever the target does, as real users arrive. Each arrival keeps
/// its intended send time, and latency counts from it, so a stall of the target shows in full (wrk2's correction
/// for coordinated omission). When every connection is busy a new one is opened, up to the maximum; beyond it
/// arrivals queue, and a start later than the tolerance counts as missed. Once the window has closed, arrivals that
/// were already late then (by more than the tolerance) are not sent: they are unsent, and their wait until the
/// window's end is recorded as a lower bound of their latency, so that the longest waits of a target that fell
/// behind are neither lost nor sent into the drain.
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
    private long _unsent;
    private long _arrived;
    private long _measuredArrivals;
    private long _arrivedBeforeMid;

    public int PeakConnections => Volatile.Read(ref _peak);

    public long Unsent => Interlocked.Read(ref _unsent);

    public ArrivalCounts? Arrivals => new ArrivalCounts(
        Volatile.Read(ref _arrived), Volatile.Read(ref _measuredArrivals), Volatile.Read(ref _arrivedBeforeMid));

    public Task PrepareAsync()
    {
        // A few connections before the first arrival, so that the first requests don't all pay for a connect;
        // more are opened only when arrivals queue.
        var initial = (int)Math.Clamp(Math.Ceiling(run.Options.PeakLoad / 1000), 1, Math.Min(16, run.Options.MaxConnections));
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
        while (_arrivals.Reader.TryRead(out var intended))
        {
            GiveUp(intended, run.Time.GetTimestamp());
        }
    }

    private async Task DispatchAsync()
    {
        var time = run.Time;
        var schedule = run.Profile is { } profile
            ? new ArrivalSchedule(profile, run.Options.Arrivals, run.Options.Seed)
            : new ArrivalSchedule(run.Options.Rate, run.Options.Arrivals, time.TimestampFrequency, run.Options.Seed);
        long index = 0;
        var next = NextArrival(schedule, ref index);
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

                CountArrival(next);
                _arrivals.Writer.TryWrite(next);
                if (Volatile.Read(ref _idle) < _arrivals.Reader.Count && _connections.Count < run.Options.MaxConnections)
                {
                    OpenConnection();
                }

                index++;
                next = NextArrival(schedule, ref index);
            }

            if (run.IsInterrupted || now >= run.EndTimestamp)
            {
                return;
            }

            // The window lasts its whole duration even when the next arrival falls after it: at a low rate, ending
            // at the last arrival would cut the window short and overstate the throughput.
            // Timers have a resolution of a millisecond, and a delay under one returns at once (a busy loop), so
            // wait at least one; every arrival due by then is sent on that wake-up with its own intended time, so the
            // lateness is measured, never hidden.
            var wait = RunContext.WholeMilliseconds(Math.Min(next, run.EndTimestamp) - now, time.TimestampFrequency);
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

    /// <summary>
    /// The timestamp this generator's next arrival, from <paramref name="index"/> on, is due at (moving
    /// <paramref name="index"/> to it); <see cref="long.MaxValue"/> when the stages ask for no more. With a share the
    /// other generators' arrivals are computed and skipped: the schedule (a Poisson process's gaps) is the whole one.
    /// </summary>
    private long NextArrival(ArrivalSchedule schedule, ref long index)
    {
        var share = run.Options.Share;
        while (true)
        {
            var offset = schedule.OffsetOf(index);
            if (offset == long.MaxValue)
            {
                return long.MaxValue;
            }

            if (share is null || share.Owns(index))
            {
                return run.StartTimestamp + offset;
            }

            index++;
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

                // Once the window has closed, what was queued behind busy connections is counted, not sent. Arrivals due
                // in its last moments (within the tolerance) are still sent: the dispatcher wakes a millisecond at a
                // time, and a run that kept up must not end with a few arrivals unsent for that alone.
                var now = run.Time.GetTimestamp();
                if (run.IsInterrupted || (now >= run.EndTimestamp && run.EndTimestamp - intended > run.MissedStartToleranceTicks))
                {
                    GiveUp(intended, now);
                    continue;
                }

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
            // The window closed and the queue is empty, or the run was interrupted (RunAsync counts what is left).
        }
    }

    /// <summary>Counts an arrival by its intended time; only the dispatcher calls it.</summary>
    private void CountArrival(long intended)
    {
        Volatile.Write(ref _arrived, _arrived + 1);
        if (run.IsMeasured(intended))
        {
            Volatile.Write(ref _measuredArrivals, _measuredArrivals + 1);
        }

        if (intended < run.MidTimestamp)
        {
            Volatile.Write(ref _arrivedBeforeMid, _arrivedBeforeMid + 1);
        }
    }

    /// <summary>
    /// Counts an arrival that will never be sent and records its wait until sending stopped (the window's end, or
    /// the stop) as a lower bound of its latency: it waited at least that long, and leaving it out would drop the
    /// longest waits of a target that fell behind. It has no service time, so the uncorrected latency leaves it out.
    /// </summary>
    private void GiveUp(long intended, long now)
    {
        if (!run.IsMeasured(intended))
        {
            return;
        }

        Interlocked.Increment(ref _unsent);
        var stoppedAt = Math.Min(now, run.EndTimestamp);
        run.Latency.RecordValue(LatencyHistograms.Clamp(run.ToMicroseconds(Math.Max(0, stoppedAt - intended))));
    }
}
