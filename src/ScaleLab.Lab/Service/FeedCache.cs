using StackExchange.Redis;

namespace ScaleLab.Lab.Service;

/// <summary>
/// Cache-aside for feeds in the shared store: the rendered JSON of a user's feed, kept for <see cref="Lifetime"/>.
/// A new post shows in its followers' cached feeds when those expire: fan-out invalidation would cost a query per
/// follower per post, and a feed a few seconds old is what social feeds serve anyway.
/// </summary>
internal sealed class FeedCache(IConnectionMultiplexer store)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public async Task<byte[]?> GetAsync(long userId)
    {
        var value = await store.GetDatabase().StringGetAsync(Key(userId));
        return value.IsNull ? null : (byte[]?)value;
    }

    public Task SetAsync(long userId, byte[] feed) => store.GetDatabase().StringSetAsync(Key(userId), feed, Lifetime);

    private static RedisKey Key(long userId) => StoreConnection.KeyPrefix + "feed:" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
