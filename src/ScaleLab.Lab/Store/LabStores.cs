using ScaleLab.Lab.Processes;
using StackExchange.Redis;

namespace ScaleLab.Lab.Store;

/// <summary>Starts (or reaches) the store a <see cref="StoreSpec"/> names and checks that it answers PING.</summary>
internal static class LabStores
{
    public static async Task<ILabStore> StartAsync(StoreSpec spec, string runDirectory, string runId, CancellationToken cancellationToken)
    {
        ILabStore store = spec.Kind switch
        {
            StoreKind.Embedded => EmbeddedStore.Start(),
            StoreKind.RedisServer => await RedisServerProcess.StartAsync(Path.Combine(runDirectory, "redis"), runId, cancellationToken),
            _ => new ExternalStore(spec.Host!, spec.Port),
        };
        try
        {
            await PingAsync(store, cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>PING through StackExchange.Redis, the client the replicas use.</summary>
    public static async Task PingAsync(ILabStore store, CancellationToken cancellationToken)
    {
        var uri = new Uri(store.Url);
        var options = new ConfigurationOptions { AbortOnConnectFail = true, ConnectTimeout = 5000, ConnectRetry = 2 };
        options.EndPoints.Add(uri.Host, uri.Port);
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(cancellationToken);
            await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken);
        }
        catch (RedisException ex)
        {
            throw new ChildProcessException($"the store at {store.Url} ({store.Kind}) does not answer: {ex.Message.Split('\n')[0]}");
        }
    }
}
