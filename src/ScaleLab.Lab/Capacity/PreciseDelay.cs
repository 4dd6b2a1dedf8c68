namespace ScaleLab.Lab.Capacity;

/// <summary>
/// Delays accurate to a fraction of a millisecond. Measured on the lab's Linux VM, unloaded: <c>Task.Delay(20 ms)</c>
/// takes 22.6 ms on average and <c>Task.Delay(1 ms)</c> 4 ms (the runtime's timer queue works in coarse ticks), and
/// waits with a timeout on an event overshoot as badly, while <c>Thread.Sleep(1 ms)</c> takes 1.15 ms. A 13% longer
/// <c>--io-ms</c> would put every capacity number off by 13%. So one thread keeps the pending delays in due order,
/// sleeps until the first is due, and completes each when it is due: 20 ms then takes 20.2 ms. It never sleeps longer
/// than the shortest delay ever asked for, because a delay that arrives while it sleeps is due no sooner than that:
/// with only <c>--io-ms</c> delays it wakes about once per request, not on a fixed tick (every wake-up costs CPU,
/// which at a few hundred requests a second is most of a replica's CPU). Idle, it blocks without a timeout.
/// </summary>
internal sealed class PreciseDelay : IDisposable
{
    private readonly PriorityQueue<TaskCompletionSource, long> _due = new();
    private readonly Lock _lock = new();
    private readonly ManualResetEventSlim _pending = new(false);
    private readonly Thread _thread;
    private readonly TimeProvider _time;
    private volatile bool _disposed;
    private long _shortestTicks = long.MaxValue;

    public PreciseDelay()
        : this(TimeProvider.System)
    {
    }

    /// <param name="time">
    /// The clock delays are due by. On the system clock the thread sleeps with <c>Thread.Sleep</c>, the precise wait
    /// this class exists for; on any other (a test's fake clock) it waits for one of that clock's timers, so that
    /// advancing the clock is what wakes it.
    /// </param>
    public PreciseDelay(TimeProvider time)
    {
        _time = time;
        _thread = new Thread(Run) { IsBackground = true, Name = "scalelab-precise-delay" };
        _thread.Start();
    }

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        // Continuations run on the thread pool, never on the timer thread, which must stay free to keep time.
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long shortest;
        while (delay.Ticks < (shortest = Interlocked.Read(ref _shortestTicks))
               && Interlocked.CompareExchange(ref _shortestTicks, delay.Ticks, shortest) != shortest)
        {
        }

        var due = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
        lock (_lock)
        {
            _due.Enqueue(completion, due);
        }

        _pending.Set();

        // A cancelled delay stays queued until due; completing it then is a no-op.
        return cancellationToken.CanBeCanceled ? completion.Task.WaitAsync(cancellationToken) : completion.Task;
    }

    public void Dispose()
    {
        _disposed = true;
        _pending.Set();

        // The thread may be asleep until a long delay is due: wake it now rather than wait for that.
        _thread.Interrupt();
        _thread.Join();
        _pending.Dispose();
    }

    private void Run()
    {
        while (!_disposed)
        {
            try
            {
                WaitForNextDue();
            }
            catch (ThreadInterruptedException)
            {
                // Dispose woke the thread; the loop condition ends it.
            }
        }

        try
        {
            lock (_lock)
            {
                while (_due.TryDequeue(out var completion, out _))
                {
                    completion.TrySetResult();
                }
            }
        }
        catch (ThreadInterruptedException)
        {
            // An interrupt that arrived after the last wait: nothing is left to wake.
        }
    }

    /// <summary>Completes what is due, then sleeps until the next delay is due (or blocks until one is added).</summary>
    private void WaitForNextDue()
    {
        long? next;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            while (_due.TryPeek(out var completion, out var due) && due <= now)
            {
                _due.Dequeue();
                completion.TrySetResult();
            }

            next = _due.TryPeek(out _, out var head) ? head : null;
            if (next is null)
            {
                // Under the lock: a delay enqueued after this line sets the event again.
                _pending.Reset();
            }
        }

        if (next is null)
        {
            _pending.Wait();
            return;
        }

        var remaining = _time.GetElapsedTime(_time.GetTimestamp(), next.Value);
        var shortest = TimeSpan.FromTicks(Interlocked.Read(ref _shortestTicks));
        if (remaining > TimeSpan.Zero)
        {
            Sleep(remaining < shortest ? remaining : shortest);
        }
    }

    private void Sleep(TimeSpan duration)
    {
        if (_time == TimeProvider.System)
        {
            Thread.Sleep(duration);
            return;
        }

        // Left undisposed: a timer callback may still run after the timer is disposed, and a slim event that no one
        // asked for a wait handle holds nothing to release. Waiting on it is interruptible, as Thread.Sleep is.
        var wake = new ManualResetEventSlim(false);
        using (_time.CreateTimer(static state => ((ManualResetEventSlim)state!).Set(), wake, duration, Timeout.InfiniteTimeSpan))
        {
            wake.Wait();
        }
    }
}
