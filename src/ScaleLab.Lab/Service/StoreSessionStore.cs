using System.Text.Json;
using ScaleLab.Lab.Data;
using StackExchange.Redis;

namespace ScaleLab.Lab.Service;

/// <summary>Sessions in the shared store, so any replica can serve any request: what makes the replicas stateless.</summary>
internal sealed class StoreSessionStore(IConnectionMultiplexer store) : ISessionStore
{
    public Task SaveAsync(string sessionId, User user, CancellationToken cancellationToken) =>
        store.GetDatabase().StringSetAsync(Key(sessionId), JsonSerializer.SerializeToUtf8Bytes(user), ISessionStore.Lifetime);

    public async Task<User?> FindAsync(string sessionId, CancellationToken cancellationToken)
    {
        var value = await store.GetDatabase().StringGetAsync(Key(sessionId));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<User>((byte[])value!);
    }

    private static RedisKey Key(string sessionId) => StoreConnection.KeyPrefix + "session:" + sessionId;
}
