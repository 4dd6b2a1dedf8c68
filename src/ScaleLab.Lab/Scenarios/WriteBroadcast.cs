using Microsoft.Extensions.DependencyInjection;
using ScaleLab.Lab.Capacity;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Service;
using StackExchange.Redis;

namespace ScaleLab.Lab.Scenarios;

/// <summary>
/// broadcast-invalidation: every write publishes a message on one store channel, every replica subscribes, and for
/// every message each replica rebuilds its <see cref="ActivityView"/>: it takes a worker like a request does, does
/// the per-request CPU and waiting of the capacity model, and reads the newest posts of every shard. With N replicas
/// one write costs N rebuilds: the coherency cost (kappa) that grows with the replica count. In other scenarios
/// <see cref="NotifyAsync"/> does nothing.
/// </summary>
internal sealed class WriteBroadcast(
    ILabScenario scenario,
    IConnectionMultiplexer store,
    IServiceScopeFactory scopes,
    CapacityModel capacity,
    ActivityView view,
    LabMetrics metrics,
    ReplicaOptions options) : IAsyncDisposable
{
    public static readonly RedisChannel Channel = RedisChannel.Literal(StoreConnection.KeyPrefix + "writes");

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _pendingLock = new();
    private readonly HashSet<Task> _pending = [];
    private ChannelMessageQueue? _subscription;

    /// <summary>Subscribes to the channel when the scenario broadcasts; before the replica reports ready.</summary>
    public async Task StartAsync()
    {
        if (!scenario.BroadcastsWrites)
        {
            return;
        }

        _subscription = await store.GetSubscriber().SubscribeAsync(Channel);
        _subscription.OnMessage(message =>
        {
            metrics.BroadcastReceived();
            Track(Task.Run(() => RebuildAsync(_stopping.Token)));
        });
    }

    /// <summary>Tells every replica that something was written (a post, an order).</summary>
    public async Task NotifyAsync(string kind, long id)
    {
        if (!scenario.BroadcastsWrites)
        {
            return;
        }

        await store.GetSubscriber().PublishAsync(Channel, $"{options.ReplicaId}:{kind}:{id}");
        metrics.BroadcastPublished();
    }

    /// <summary>Stops listening and lets the rebuilds in progress finish (they are cut short after the drain deadline).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not null)
        {
            await _subscription.UnsubscribeAsync();
        }

        Task[] pending;
        lock (_pendingLock)
        {
            pending = [.. _pending];
        }

        using var deadline = cancellationToken.Register(_stopping.Cancel);
        await Task.WhenAll(pending).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>
    /// Stops at once. The token source is left undisposed on purpose: it holds no timer, and a message that arrives
    /// while the subscription closes may still read its token.
    /// </summary>
    public async ValueTask DisposeAsync() => await StopAsync(new CancellationToken(canceled: true));

    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var (lease, waited) = await capacity.Pool.EnterAsync(cancellationToken);
        using (lease)
        {
            metrics.RecordQueueWait(waited);
            await capacity.WorkAsync(cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<LabDatabase>();
            var perShard = await Task.WhenAll(Enumerable.Range(0, database.Shards.Count)
                .Select(shard => database.LatestPostsAsync(shard, ActivityView.Length, cancellationToken)));
            view.Replace(perShard.SelectMany(p => p).OrderByDescending(p => p.Id).Take(ActivityView.Length).ToArray());
            metrics.BroadcastRebuilt(scope.ServiceProvider.GetRequiredService<QueryCounter>().Count);
        }
    }

    private void Track(Task task)
    {
        lock (_pendingLock)
        {
            _pending.Add(task);
        }

        task.ContinueWith(
            done =>
            {
                // A rebuild cut short by the drain or failed by a store hiccup is not worth crashing for; observe it.
                _ = done.Exception;
                lock (_pendingLock)
                {
                    _pending.Remove(done);
                }
            },
            TaskScheduler.Default);
    }
}
