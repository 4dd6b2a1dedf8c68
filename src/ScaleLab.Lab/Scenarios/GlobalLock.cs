using System.Security.Cryptography;
using ScaleLab.Lab.Capacity;
using ScaleLab.Lab.Service;
using StackExchange.Redis;

namespace ScaleLab.Lab.Scenarios;

/// <summary>
/// One lock shared by every replica, held in the store: <c>SET key token NX PX lease</c> to take it, a compare-and-
/// delete (WATCH/MULTI, which Garnet and Redis both have; Lua is off by default in Garnet) to release only our own
/// token. A replica that cannot take it waits a few milliseconds and tries again, and every such wait is counted.
/// </summary>
internal sealed class GlobalLock(IConnectionMultiplexer store, LabMetrics metrics, Random random, TimeProvider time, PreciseDelay delay, int replicaId)
{
    public const string Key = StoreConnection.KeyPrefix + "global-lock";

    /// <summary>How long a holder that died keeps the others out; far above any request the lock covers.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    // Tokens must not repeat across restarts of a replica (a stale holder's release must not free a new holder's lock):
    // an instance nonce from the system RNG, not the seeded Random.
    private readonly string _nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
    private readonly Lock _randomLock = new();
    private long _sequence;

    public async Task<Holder> AcquireAsync(CancellationToken cancellationToken)
    {
        var database = store.GetDatabase();
        var token = $"{replicaId}:{_nonce}:{Interlocked.Increment(ref _sequence)}";
        var started = time.GetTimestamp();
        var retries = 0;
        while (!await database.LockTakeAsync(Key, token, Lease))
        {
            retries++;
            await delay.DelayAsync(RetryWait(), cancellationToken);
        }

        metrics.LockAcquired(retries, retries == 0 ? TimeSpan.Zero : time.GetElapsedTime(started));
        return new Holder(database, token);
    }

    /// <summary>1 to 3 ms, jittered so that waiting replicas do not retry in lockstep.</summary>
    private TimeSpan RetryWait()
    {
        lock (_randomLock)
        {
            return TimeSpan.FromMilliseconds(1 + (2 * random.NextDouble()));
        }
    }

    /// <summary>The lock, held until disposed.</summary>
    public sealed class Holder(IDatabase database, string token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await database.LockReleaseAsync(Key, token);
    }
}
