namespace ScaleLab.Load.Engine;

/// <summary>
/// One client and the bookkeeping around each of its operations: timing, the timeout, recording. This is the
/// engine's hot path. The schedulers' loops call <see cref="Begin"/>, await the client's operation and call
/// <see cref="EndAsync"/> inline rather than through another async layer: every nested async method that
/// suspends costs a pooled box and its bookkeeping on each request. Counters are this worker's own, so no
/// interlocked operation is needed either.
/// </summary>
internal sealed class LoadWorker
{
    private readonly RunContext _run;
    private CancellationTokenSource _abort;
    private ILoadClient _client;
    private long _activeSince;
    private int _timedOut;

    public LoadWorker(RunContext run, int index)
    {
        _run = run;
        Index = index;
        _abort = CancellationTokenSource.CreateLinkedTokenSource(run.Interrupt);
        _client = run.Factory.CreateClient(index, _abort.Token);
    }

    public int Index { get; }

    /// <summary>Completes when the client's connection is open (or failed); operations wait for it.</summary>
    public Task Ready { get; private set; } = Task.CompletedTask;

    public WorkerCounters Counters { get; } = new();

    /// <summary>True while an operation is in flight.</summary>
    public bool IsBusy => Volatile.Read(ref _activeSince) != 0;

    /// <summary>Opens the client's connection ahead of its first operation.</summary>
    public Task PrepareAsync() => Ready = ConnectQuietlyAsync();

    /// <summary>
    /// Marks the start of an operation that was meant to start at <paramref name="scheduled"/> (the open model's
    /// schedule; the closed model passes null: its operations start when they start). Returns the start timestamp.
    /// </summary>
    public long Begin(long? scheduled)
    {
        var start = _run.Time.GetTimestamp();
        if (scheduled.HasValue && _run.IsMeasured(scheduled.Value))
        {
            Counters.RecordStartLag(start - scheduled.Value, _run.MissedStartToleranceTicks);
        }

        Volatile.Write(ref _activeSince, start);
        return start;
    }

    /// <summary>The current client; the schedulers await its operation directly, between <see cref="Begin"/> and <see cref="EndAsync"/>.</summary>
    public ILoadClient Client => _client;

    /// <summary>What a client's exception counts as: a timeout when the engine abandoned it, an error otherwise.</summary>
    public OperationResult FailureOf(Exception exception) =>
        OperationResult.Failure(_abort.IsCancellationRequested || exception is OperationCanceledException ? ErrorKinds.Timeout : ErrorKinds.Exception);

    /// <summary>Records the operation; renews the client first when it was abandoned for its timeout.</summary>
    public ValueTask EndAsync(OperationResult result, long start, long? scheduled)
    {
        var end = _run.Time.GetTimestamp();
        Volatile.Write(ref _activeSince, 0);
        if (_abort.IsCancellationRequested)
        {
            return EndAbandonedAsync(start, scheduled, end);
        }

        Record(result, start, scheduled ?? start, end);
        return ValueTask.CompletedTask;
    }

    /// <summary>Called by the watchdog: abandons the operation in flight if it has run past the timeout.</summary>
    public void AbortIfOverdue(long now)
    {
        var since = Volatile.Read(ref _activeSince);
        if (since != 0 && now - since > _run.TimeoutTicks && Interlocked.Exchange(ref _timedOut, 1) == 0)
        {
            _abort.Cancel();
        }
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private async ValueTask EndAbandonedAsync(long start, long? scheduled, long end)
    {
        if (_run.IsInterrupted)
        {
            // Abandoned because the run was stopped: neither a success nor the target's fault.
            return;
        }

        await _client.DisposeAsync().ConfigureAwait(false);
        _abort.Dispose();
        _abort = CancellationTokenSource.CreateLinkedTokenSource(_run.Interrupt);
        _client = _run.Factory.CreateClient(Index, _abort.Token);
        Volatile.Write(ref _timedOut, 0);
        Record(OperationResult.Failure(ErrorKinds.Timeout), start, scheduled ?? start, end);
    }

    private async Task ConnectQuietlyAsync()
    {
        try
        {
            await _client.ConnectAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The first operation meets the same failure and counts it; a connect is not an operation.
        }
    }

    private void Record(in OperationResult result, long start, long intended, long end)
    {
        Counters.CountCompletion(_run.PhaseOf(end));
        if (!_run.IsMeasured(intended))
        {
            _run.CountWarmupRequest();
            return;
        }

        var error = result.Error ?? ErrorKinds.OfStatus(result.StatusCode);
        Counters.Record(result, error);
        if (ErrorKinds.HasLatency(error))
        {
            _run.Latency.RecordValue(Core.Results.LatencyHistograms.Clamp(_run.ToMicroseconds(end - intended)));
            if (_run.Options.Model == LoadModel.Open)
            {
                _run.UncorrectedLatency.RecordValue(Core.Results.LatencyHistograms.Clamp(_run.ToMicroseconds(end - start)));
            }
        }
    }
}
