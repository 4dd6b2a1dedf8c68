namespace ScaleLab.Load.Engine;

/// <summary>
/// One worker's counts. Each worker writes only its own (no interlocked operations on the hot path); the
/// progress reader sums them with volatile reads and may be a request behind, which is harmless.
/// </summary>
internal sealed class WorkerCounters
{
    private const int StatusSlots = 1000;

    // The statuses this worker has seen, in the order first seen, with their counts: a connection sees one to a
    // few, and a slot per possible status (8 KB) for each of thousands of connections was most of their memory.
    private StatusCount[] _statusCounts = new StatusCount[4];
    private int _statusKinds;
    private readonly Dictionary<string, long> _errorCounts = new(StringComparer.Ordinal);
    private long _requests;
    private long _errors;
    private long _bytes;
    private readonly long[] _completions = new long[4];
    private long _missedStarts;
    private long _measuredStarts;
    private long _maxStartLagTicks;

    // A mix's or a flow's figures per request name and per check, by number (see RequestTable): arrays, so that a
    // response is counted by indexing, without a lookup. Null for a single request.
    private readonly WorkerCounters[]? _byName;
    private readonly long[]? _checksPassed;
    private readonly long[]? _checksFailed;
    private long _iterations;

    public WorkerCounters(RequestTable? requests = null)
    {
        if (requests is null)
        {
            return;
        }

        _byName = new WorkerCounters[requests.Names.Count];
        for (var i = 0; i < _byName.Length; i++)
        {
            _byName[i] = new WorkerCounters();
        }

        _checksPassed = new long[requests.Checks.Count];
        _checksFailed = new long[requests.Checks.Count];
    }

    /// <summary>The counters of request name number <paramref name="name"/>; only with a request table.</summary>
    public WorkerCounters ForName(int name) => _byName![name];

    /// <summary>With a flow: the measured iterations that ran all their steps.</summary>
    public long Iterations => Volatile.Read(ref _iterations);

    public long ChecksPassed(int check) => Volatile.Read(ref _checksPassed![check]);

    public long ChecksFailed(int check) => Volatile.Read(ref _checksFailed![check]);

    /// <summary>Counts <paramref name="count"/> checks from <paramref name="first"/>; bit i of <paramref name="failed"/> is check first + i.</summary>
    public void CountChecks(int first, int count, ulong failed)
    {
        for (var i = 0; i < count; i++)
        {
            if ((failed & (1UL << i)) != 0)
            {
                Volatile.Write(ref _checksFailed![first + i], _checksFailed[first + i] + 1);
            }
            else
            {
                Volatile.Write(ref _checksPassed![first + i], _checksPassed[first + i] + 1);
            }
        }
    }

    public void CountIteration() => Volatile.Write(ref _iterations, _iterations + 1);

    private readonly long[] _iterationEnds = new long[4];

    /// <summary>With a flow: iterations of any kind (cut short, warm-up) that ended in <paramref name="phase"/>.</summary>
    public long IterationsEndedIn(RunPhase phase) => Volatile.Read(ref _iterationEnds[(int)phase]);

    public void CountIterationEnd(RunPhase phase)
    {
        ref var count = ref _iterationEnds[(int)phase];
        Volatile.Write(ref count, count + 1);
    }

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
            CountStatus(result.StatusCode);
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
        // The count is published after its slot, and a grown array before the count that needs it.
        var kinds = Volatile.Read(ref _statusKinds);
        var slots = Volatile.Read(ref _statusCounts);
        for (var i = 0; i < kinds && i < slots.Length; i++)
        {
            var count = Volatile.Read(ref slots[i].Count);
            if (count > 0)
            {
                var key = slots[i].Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
                totals.TryGetValue(key, out var sum);
                totals[key] = sum + count;
            }
        }
    }

    private void CountStatus(int code)
    {
        var slots = _statusCounts;
        var kinds = _statusKinds;
        for (var i = 0; i < kinds; i++)
        {
            if (slots[i].Code == code)
            {
                Volatile.Write(ref slots[i].Count, slots[i].Count + 1);
                return;
            }
        }

        // A status not seen before (rare): a new slot, the array grown if full.
        if (kinds == slots.Length)
        {
            var grown = new StatusCount[kinds * 2];
            Array.Copy(slots, grown, kinds);
            Volatile.Write(ref _statusCounts, grown);
            slots = grown;
        }

        slots[kinds] = new StatusCount { Code = code, Count = 1 };
        Volatile.Write(ref _statusKinds, kinds + 1);
    }

    private struct StatusCount
    {
        public int Code;
        public long Count;
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
