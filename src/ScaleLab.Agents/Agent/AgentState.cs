namespace ScaleLab.Agents.Agent;

/// <summary>
/// What an agent holds between calls: at most one run. Claiming is atomic, so that two coordinators racing for an
/// idle agent get one run and one refusal.
/// </summary>
internal sealed class AgentState(TimeProvider time) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private AgentRun? _run;
    private bool _claimed;

    public TimeProvider Time => time;

    public AgentRun? Current
    {
        get
        {
            lock (_lock)
            {
                return _run;
            }
        }
    }

    /// <summary>Takes the agent for a run being prepared; the reason it is busy when it can't.</summary>
    public string? TryClaim()
    {
        lock (_lock)
        {
            if (_run is not null || _claimed)
            {
                return $"busy: run {_run?.Id ?? "(being prepared)"} is held (one run at a time; DELETE it or wait for its lease of {_run?.Plan.LeaseMs ?? 0} ms to lapse)";
            }

            _claimed = true;
            return null;
        }
    }

    /// <summary>Holds <paramref name="run"/> (prepared), or frees the claim when it could not be prepared (null).</summary>
    public void Hold(AgentRun? run)
    {
        lock (_lock)
        {
            _run = run;
            _claimed = false;
        }
    }

    /// <summary>The run named <paramref name="id"/>, its lease renewed; null when it is not the one held.</summary>
    public AgentRun? Find(string id)
    {
        var run = Current;
        if (run is null || run.Id != id)
        {
            return null;
        }

        run.Touch();
        return run;
    }

    /// <summary>Frees the agent of <paramref name="run"/> (stopping it if it still runs).</summary>
    public async Task ReleaseAsync(AgentRun run)
    {
        lock (_lock)
        {
            if (_run != run)
            {
                return;
            }

            _run = null;
        }

        await run.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops and frees a run whose coordinator stopped calling.</summary>
    public async Task ExpireLeaseAsync()
    {
        if (Current is { } run && run.LeaseExpired())
        {
            await ReleaseAsync(run).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Current is { } run)
        {
            await ReleaseAsync(run).ConfigureAwait(false);
        }
    }
}
