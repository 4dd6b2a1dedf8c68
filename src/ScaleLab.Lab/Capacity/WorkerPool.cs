namespace ScaleLab.Lab.Capacity;

/// <summary>
/// The replica's workers: at most <c>--workers</c> requests are served at once and the rest wait their turn in FIFO
/// order (SemaphoreSlim queues its waiters). Time spent waiting is the queueing delay that grows as a replica
/// saturates; it is measured per request and exported by /metrics.
/// </summary>
internal sealed class WorkerPool(int workers, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(workers, workers);
    private int _queued;

    public int Workers => workers;

    /// <summary>Requests waiting for a worker now.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Requests being served now.</summary>
    public int Busy => workers - _gate.CurrentCount;

    /// <summary>Waits for a free worker; dispose the lease to give it back. Returns how long the wait took.</summary>
    public async ValueTask<(Lease Lease, TimeSpan Waited)> EnterAsync(CancellationToken cancellationToken)
    {
        if (_gate.Wait(0, CancellationToken.None))
        {
            return (new Lease(_gate), TimeSpan.Zero);
        }

        var started = time.GetTimestamp();
        Interlocked.Increment(ref _queued);
        try
        {
            await _gate.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }

        return (new Lease(_gate), time.GetElapsedTime(started));
    }

    /// <summary>One worker, held until disposed.</summary>
    public readonly struct Lease(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
