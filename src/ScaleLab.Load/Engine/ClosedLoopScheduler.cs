namespace ScaleLab.Load.Engine;

/// <summary>
/// The closed model: N users, each sending its next request as soon as its last one returned (after the think
/// time). Latency is the service time; a stalled target also stalls the senders, which is what this model means.
/// With stages the number of active users follows them (see <see cref="StageProfile"/>): every user that will ever
/// be active exists from the start, but connects only when it first becomes active, and a user the ramp retires
/// finishes its request and sleeps until the ramp needs it again.
/// </summary>
internal sealed class ClosedLoopScheduler(RunContext run) : ILoadScheduler
{
    public int PeakConnections => _users.Length;

    public long Unsent => 0;

    public ArrivalCounts? Arrivals => null;

    private LoadWorker[] _users = [];

    public Task PrepareAsync()
    {
        _users = new LoadWorker[(int)run.Options.PeakLoad];
        for (var i = 0; i < _users.Length; i++)
        {
            _users[i] = run.AddWorker();
        }

        // With stages only the users active at the start connect now; the others connect when the ramp reaches them,
        // so that a connection is never left idle for minutes (and closed by the target meanwhile).
        var initial = run.Profile is { } profile ? Math.Min(_users.Length, profile.UsersAt(0)) : _users.Length;
        return Task.WhenAll(_users.Take(initial).Select(user => user.PrepareAsync()));
    }

    public Task RunAsync() => Task.WhenAll(_users.Select(user => run.Supervise(UserLoopAsync(user))));

    private async Task UserLoopAsync(LoadWorker worker)
    {
        // Start on the thread pool, not inline in RunAsync, so that users start together.
        await Task.Yield();
        var connected = run.Profile is null || worker.Index < run.Profile.UsersAt(0);
        if (connected)
        {
            await worker.Ready.ConfigureAwait(false);
        }

        var thinkTime = run.Options.ThinkTime;
        while (true)
        {
            if (run.Profile is { } profile)
            {
                if (!await WaitUntilActiveAsync(profile, worker.Index).ConfigureAwait(false))
                {
                    return;
                }

                if (!connected)
                {
                    connected = true;
                    await worker.PrepareAsync().ConfigureAwait(false);
                }
            }

            if (!run.TryClaim(run.Time.GetTimestamp()))
            {
                return;
            }

            var start = worker.Begin(scheduled: null);
            OperationResult result;
            try
            {
                result = await worker.Client.ExecuteAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                result = worker.FailureOf(ex);
            }

            await worker.EndAsync(result, start, scheduled: null).ConfigureAwait(false);
            if (thinkTime > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(thinkTime, run.Time, run.Interrupt).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Waits until the ramp counts user <paramref name="index"/> among the active ones; false when it never will
    /// again before the window closes, or the run was stopped.
    /// </summary>
    private async Task<bool> WaitUntilActiveAsync(StageProfile profile, int index)
    {
        while (true)
        {
            var now = run.Time.GetTimestamp();
            if (now >= run.EndTimestamp || run.IsInterrupted)
            {
                return false;
            }

            if (profile.NextActiveAt(index, now - run.StartTimestamp) is not { } offset || run.StartTimestamp + offset >= run.EndTimestamp)
            {
                return false;
            }

            var due = run.StartTimestamp + offset;
            if (due <= now)
            {
                return true;
            }

            try
            {
                await Task.Delay(RunContext.WholeMilliseconds(due - now, run.Time.TimestampFrequency), run.Time, run.Interrupt).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}
