using System.Text;
using ScaleLab.Lab.Sharding;

namespace ScaleLab.Lab.Data;

/// <summary>
/// The deterministic rows of a seed, generated per entity from <c>Random(hash(seed, id))</c> so that every shard can
/// generate its own part in parallel and the data does not depend on the number of shards.
/// </summary>
internal sealed class SeedData(SeedOptions options, ShardRing ring)
{
    private const long SpreadMs = 30L * 24 * 3600 * 1000;

    // The vocabulary of post bodies: common words so that /search finds something on every shard.
    private static readonly string[] Words =
    [
        "scale", "latency", "throughput", "cache", "replica", "shard", "queue", "lock", "index", "query",
        "server", "client", "load", "balancer", "session", "redis", "database", "write", "read", "feed",
        "coffee", "morning", "deploy", "rollback", "incident", "pager", "graph", "metric", "alert", "budget",
        "today", "tomorrow", "finally", "again", "slow", "fast", "linear", "amdahl", "contention", "coherency",
        "checkout", "order", "stock", "sale", "product", "price", "cart", "user", "follow", "post",
        "weekend", "music", "book", "train", "city", "garden", "rain", "sun", "bike", "walk",
        "kernel", "thread", "socket", "packet",
    ];

    private readonly long _epochMs = options.Epoch.ToUnixTimeMilliseconds();

    public SeedOptions Options => options;

    public IEnumerable<long> UsersOn(int shard)
    {
        for (long user = 1; user <= options.Users; user++)
        {
            if (ring.ShardFor(user) == shard)
            {
                yield return user;
            }
        }
    }

    public IEnumerable<long> ProductsOn(int shard)
    {
        for (long product = 1; product <= options.Products; product++)
        {
            if (ring.ShardFor(product) == shard)
            {
                yield return product;
            }
        }
    }

    public static string UserName(long user) => $"user{user}";

    public long UserCreatedAt(long user) => _epochMs - ((options.Users - user + 1) * 60_000L);

    /// <summary>Distinct followees of <paramref name="user"/>, never the user itself, in ascending order.</summary>
    public long[] Followees(long user)
    {
        var random = new Random(StableHash.SeedFor(options.Seed, user));
        var chosen = new HashSet<long>();
        while (chosen.Count < options.FollowsPerUser)
        {
            var followee = random.NextInt64(1, options.Users + 1);
            if (followee != user)
            {
                chosen.Add(followee);
            }
        }

        var result = chosen.ToArray();
        Array.Sort(result);
        return result;
    }

    /// <summary>The user's posts: ids (user - 1) × posts-per-user + 1 onwards, dated within 30 days of the epoch.</summary>
    public IEnumerable<SeedPost> Posts(long user)
    {
        var random = new Random(StableHash.SeedFor(options.Seed ^ 0x504f5354, user));
        var body = new StringBuilder(128);
        for (var k = 0; k < options.PostsPerUser; k++)
        {
            body.Clear();
            var words = random.Next(6, 15);
            for (var w = 0; w < words; w++)
            {
                if (w > 0)
                {
                    body.Append(' ');
                }

                body.Append(Words[random.Next(Words.Length)]);
            }

            var id = ((user - 1) * options.PostsPerUser) + k + 1;
            yield return new SeedPost(id, user, _epochMs + random.NextInt64(SpreadMs), body.ToString());
        }
    }

    public SeedProduct Product(long product)
    {
        var random = new Random(StableHash.SeedFor(options.Seed ^ 0x50524f44, product));
        return new SeedProduct(product, $"Product {product}", random.Next(100, 100_000), options.StockPerProduct);
    }
}

internal readonly record struct SeedPost(long Id, long UserId, long CreatedAtMs, string Body);

internal readonly record struct SeedProduct(long Id, string Name, long PriceCents, long Stock);
