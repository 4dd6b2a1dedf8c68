namespace ScaleLab.Load.Engine;

/// <summary>
/// One worker's counts. Each worker writes only its own (no interlocked operations on the hot path); the
/// progress reader sums them with volatile reads and may be a request behind, which is harmless.
/// </summary>
internal sealed class WorkerCounters
{
    private const int StatusSlots = 1000;
    private readonly long[] _statusCounts = new long[StatusSlots];
    private readonly Dictionary<string, long> _errorCounts = new(StringComparer.Ordinal);
    private long _requests;
    private long _errors;
    private long _bytes;
    private readonly long[] _completions = new long[4];
    private long _missedStarts;
    private long _measuredStarts;
    private long _maxStartLagTicks;

    public long Requests => Volatile.Read(ref _requests);

    public long Errors => Volatile.Read(ref _errors);

    public long Bytes => Volatile.Read(ref _bytes);

    public long MissedStarts => Volatile.Read(ref _missedStarts);

    /// <summary>Open model: measured operations started (each judged against the missed-start tolerance).</summary>
    public long MeasuredStarts => Volatile.Read(ref _measuredStarts);

    /// <summary>Operations of any kind (warm-up ones too) that ended in <paramref name="phase"/>.</summary>
    public long CompletionsIn(RunPhase phase) => Volatile.Read(ref _completions[(int)phase]);

    public long MaxStartLagTicks => Volatile.Read(ref _maxStartLagTicks);

    /// <summary>Counts an operation that ended in <paramref name="phase"/>, whether it was measured or not.</summary>
    public void CountCompletion(RunPhase phase)
    {
        ref var count = ref _completions[(int)phase];
        Volatile.Write(ref count, count + 1);
    }

    public void Record(in OperationResult result, string? error)
    {
        if ((uint)result.StatusCode < StatusSlots && result.StatusCode > 0)
        {
            _statusCounts[result.StatusCode]++;
        }

        _bytes += result.BytesReceived;
        if (error is not null)
        {
            lock (_errorCounts)
            {
                _errorCounts[error] = _errorCounts.GetValueOrDefault(error) + 1;
            }

            Volatile.Write(ref _errors, _errors + 1);
        }

        Volatile.Write(ref _requests, _requests + 1);
    }

    public void RecordStartLag(long lagTicks, long toleranceTicks)
    {
        _measuredStarts++;
        if (lagTicks > toleranceTicks)
        {
            _missedStarts++;
        }

        if (lagTicks > _maxStartLagTicks)
        {
            _maxStartLagTicks = lagTicks;
        }
    }

    public void AddStatusCountsTo(IDictionary<string, long> totals)
    {
        for (var code = 0; code < StatusSlots; code++)
        {
            var count = Volatile.Read(ref _statusCounts[code]);
            if (count > 0)
            {
                var key = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
                totals.TryGetValue(key, out var sum);
                totals[key] = sum + count;
            }
        }
    }

    public void AddErrorCountsTo(IDictionary<string, long> totals)
    {
        lock (_errorCounts)
        {
            foreach (var (kind, count) in _errorCounts)
            {
                totals.TryGetValue(kind, out var sum);
                totals[kind] = sum + count;
            }
        }
    }
}
