namespace ScaleLab.Load.Engine;

/// <summary>
/// One client and the bookkeeping around each of its operations: timing, the timeout, recording. This is the
/// engine's hot path. The schedulers' loops call <see cref="Begin"/>, await the client's operation and call
/// <see cref="EndAsync"/> inline rather than through another async layer: every nested async method that
/// suspends costs a pooled box and its bookkeeping on each request. Counters are this worker's own, so no
/// interlocked operation is needed either.
/// </summary>
internal sealed class LoadWorker : IStepRecorder
{
    /// <summary>The value of <see cref="_activeSince"/> once the watchdog has claimed the operation in flight.</summary>
    private const long TimedOut = -1;

    /// <summary>The value of <see cref="_activeSince"/> while a flow's virtual user pauses between steps: busy, never overdue.</summary>
    private const long Paused = long.MaxValue;

    private readonly RunContext _run;
    private CancellationTokenSource _abort;
    private ILoadClient _client;

    /// <summary>
    /// The start of the operation in flight, 0 when none, or <see cref="TimedOut"/>. The watchdog and the end of
    /// an operation race for it; whichever swaps the start out owns the operation's fate, so that the watchdog
    /// can never cancel an operation other than the one it found overdue.
    /// </summary>
    private long _activeSince;
    private int _disposed;
    private long _iterationIntended;

    public LoadWorker(RunContext run, int index)
    {
        _run = run;
        Index = index;
        Counters = new WorkerCounters(run.Requests);
        _abort = CancellationTokenSource.CreateLinkedTokenSource(run.Interrupt);
        _client = CreateClient(_abort.Token);
    }

    public int Index { get; }

    /// <summary>Completes when the client's connection is open (or failed); operations wait for it.</summary>
    public Task Ready { get; private set; } = Task.CompletedTask;

    public WorkerCounters Counters { get; }

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

        _iterationIntended = scheduled ?? start;
        Volatile.Write(ref _activeSince, start);
        return start;
    }

    TimeProvider IStepRecorder.Time => _run.Time;

    CancellationToken IStepRecorder.Interrupt => _run.Interrupt;

    long IStepRecorder.IterationIntended => _iterationIntended;

    bool IStepRecorder.MayStartStep(long now) => now < _run.EndTimestamp && !_run.IsInterrupted && !_abort.IsCancellationRequested;

    long IStepRecorder.BeginStep()
    {
        var start = _run.Time.GetTimestamp();
        MarkActive(start);
        return start;
    }

    void IStepRecorder.Pause() => MarkActive(Paused);

    void IStepRecorder.RecordStep(in OperationResult result, long intended, long start, long end)
    {
        if (_run.IsInterrupted)
        {
            // Abandoned because the run was stopped: neither a success nor the target's fault.
            return;
        }

        RecordRequest(result, start, intended, end, _run.IsMeasured(_iterationIntended));
    }

    void IStepRecorder.EndRun(string reason) => _run.EndEarly(reason);

    /// <summary>A step's start replaces the last one's, unless the watchdog has claimed the operation meanwhile.</summary>
    private void MarkActive(long since)
    {
        var current = Volatile.Read(ref _activeSince);
        if (current != TimedOut)
        {
            Interlocked.CompareExchange(ref _activeSince, since, current);
        }
    }

    /// <summary>The current client; the schedulers await its operation directly, between <see cref="Begin"/> and <see cref="EndAsync"/>.</summary>
    public ILoadClient Client => _client;

    /// <summary>
    /// What a client's exception counts as: a timeout when the engine abandoned it, an engine error when the
    /// engine's own machinery failed under it, the operation's error otherwise.
    /// </summary>
    public OperationResult FailureOf(Exception exception)
    {
        if (exception is EngineFaultException)
        {
            _run.NoteEngineFault(exception);
            return OperationResult.Failure(ErrorKinds.Engine);
        }

        return OperationResult.Failure(_abort.IsCancellationRequested || exception is OperationCanceledException ? ErrorKinds.Timeout : ErrorKinds.Exception);
    }

    /// <summary>Records the operation; renews the client first when it was abandoned for its timeout.</summary>
    public ValueTask EndAsync(OperationResult result, long start, long? scheduled)
    {
        var end = _run.Time.GetTimestamp();
        if (Interlocked.Exchange(ref _activeSince, 0) == TimedOut || _abort.IsCancellationRequested)
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
        if (since <= 0 || now - since <= _run.TimeoutTicks)
        {
            return;
        }

        // Read after the start: the token source is renewed only between operations, so this is the overdue one's.
        var abort = Volatile.Read(ref _abort);

        // Claimed only if the overdue operation is still the one in flight: one that ended meanwhile swapped its
        // start out, and the next one's start is later (it began after `now` was read), so it can't match.
        if (Interlocked.CompareExchange(ref _activeSince, TimedOut, since) != since)
        {
            return;
        }

        try
        {
            abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The operation ended in between and its client was renewed: nothing is left to abandon.
        }
    }

    /// <summary>Closes the client for good; a renewal still under way closes the client it makes.</summary>
    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _disposed, 1);
        await _client.DisposeAsync().ConfigureAwait(false);
        _abort.Dispose();
    }

    private async ValueTask EndAbandonedAsync(long start, long? scheduled, long end)
    {
        if (_run.IsInterrupted)
        {
            // Abandoned because the run was stopped: neither a success nor the target's fault.
            return;
        }

        // Counted before the renewal: a factory that fails to make the next client must not lose this timeout.
        Record(OperationResult.Failure(ErrorKinds.Timeout), start, scheduled ?? start, end);
        await _client.DisposeAsync().ConfigureAwait(false);
        _abort.Dispose();
        var abort = CancellationTokenSource.CreateLinkedTokenSource(_run.Interrupt);
        _client = CreateClient(abort.Token);
        Volatile.Write(ref _abort, abort);
        if (Volatile.Read(ref _disposed) != 0)
        {
            // The run closed its workers while this one was renewing: close what it just made.
            await _client.DisposeAsync().ConfigureAwait(false);
        }
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

    private ILoadClient CreateClient(CancellationToken abort) =>
        _run.Factory is IStepClientFactory steps ? steps.CreateClient(Index, abort, this) : _run.Factory.CreateClient(Index, abort);

    private void Record(in OperationResult result, long start, long intended, long end)
    {
        if (_run.IsFlow)
        {
            // A flow's steps recorded themselves as requests; the operation is the iteration around them.
            RecordIteration(result, intended, end);
            return;
        }

        RecordRequest(result, start, intended, end, _run.IsMeasured(intended));
    }

    private void RecordRequest(in OperationResult result, long start, long intended, long end, bool measured)
    {
        var phase = _run.PhaseOf(end);
        Counters.CountCompletion(phase);
        var table = _run.Requests;
        var entry = table is null ? default : table[result.Request];
        var named = table is null ? null : Counters.ForName(entry.Name);
        named?.CountCompletion(phase);
        if (!measured)
        {
            _run.CountWarmupRequest();
            return;
        }

        var error = result.Error ?? ErrorKinds.OfStatus(result.StatusCode);
        Counters.Record(result, error);
        if (named is not null)
        {
            named.Record(result, error);
            if (result.Checked && entry.CheckCount > 0)
            {
                Counters.CountChecks(entry.FirstCheck, entry.CheckCount, result.FailedChecks);
            }
        }

        if (ErrorKinds.HasLatency(error))
        {
            var latency = Core.Results.LatencyHistograms.Clamp(_run.ToMicroseconds(end - intended));
            _run.Latency.RecordValue(latency);
            if (named is not null)
            {
                _run.NamedLatency[entry.Name].RecordValue(latency);
            }

            if (_run.Options.Model == LoadModel.Open)
            {
                _run.UncorrectedLatency.RecordValue(Core.Results.LatencyHistograms.Clamp(_run.ToMicroseconds(end - start)));
            }
        }
    }

    /// <summary>Counts a measured iteration that ran all its steps, and its latency from its intended start.</summary>
    private void RecordIteration(in OperationResult result, long intended, long end)
    {
        Counters.CountIterationEnd(_run.PhaseOf(end));
        if (!_run.IsMeasured(intended) || result.Error is not null)
        {
            return;
        }

        Counters.CountIteration();
        _run.IterationLatency.RecordValue(Core.Results.LatencyHistograms.Clamp(_run.ToMicroseconds(end - intended)));
    }
}
