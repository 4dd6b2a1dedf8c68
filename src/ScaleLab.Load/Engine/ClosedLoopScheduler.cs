namespace ScaleLab.Load.Engine;

/// <summary>
/// The closed model: N users, each sending its next request as soon as its last one returned (after the think
/// time). Latency is the service time; a stalled target also stalls the senders, which is what this model means.
/// </summary>
internal sealed class ClosedLoopScheduler(RunContext run) : ILoadScheduler
{
    public int PeakConnections => run.Options.Connections;

    public long Unsent => 0;

    public ArrivalCounts? Arrivals => null;

    private LoadWorker[] _users = [];

    public Task PrepareAsync()
    {
        _users = new LoadWorker[run.Options.Connections];
        for (var i = 0; i < _users.Length; i++)
        {
            _users[i] = run.AddWorker();
        }

        return Task.WhenAll(_users.Select(user => user.PrepareAsync()));
    }

    public Task RunAsync() => Task.WhenAll(_users.Select(user => run.Supervise(UserLoopAsync(user))));

    private async Task UserLoopAsync(LoadWorker worker)
    {
        // Start on the thread pool, not inline in RunAsync, so that users start together.
        await Task.Yield();
        await worker.Ready.ConfigureAwait(false);
        var thinkTime = run.Options.ThinkTime;
        while (run.TryClaim(run.Time.GetTimestamp()))
        {
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
}
