namespace ScaleLab.Lab.Sharding;

/// <summary>
/// Consistent hashing with virtual nodes: each shard owns <see cref="VirtualNodesPerShard"/> points on a 64-bit ring,
/// and a key belongs to the shard of the first point at or after the key's hash (wrapping around).
/// </summary>
/// <remarks>
/// Why a ring and not jump hash: a ring lets shards be named by index today and by weight later, and it is the
/// structure the article draws. The cost of its uneven arcs is paid with many virtual nodes: with V points per shard a
/// shard's share deviates by about 1/sqrt(V) of the mean, so 1,024 points keep 4 shards within about ±3% of each other
/// (tested: 100,000 keys over 4 shards, max/min ≤ 1.1) and a fifth shard takes close to a fifth of the keys, all of
/// them from the others (tested: ≤ 1/5 + 2% move). A point depends only on (shard, vnode), so adding a shard leaves
/// the others' points where they were: only keys now owned by the new shard move.
/// Lookups are a binary search over <c>shards × 1,024</c> sorted points: about 12 comparisons for 4 shards.
/// </remarks>
internal sealed class ShardRing
{
    /// <summary>Points each shard owns on the ring.</summary>
    public const int VirtualNodesPerShard = 1024;

    private readonly ulong[] _points;
    private readonly int[] _owners;

    /// <summary>A ring over shards numbered 0 to <paramref name="shardCount"/> - 1.</summary>
    public ShardRing(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ShardCount = shardCount;
        var points = new (ulong Point, int Shard)[shardCount * VirtualNodesPerShard];
        for (var shard = 0; shard < shardCount; shard++)
        {
            for (var vnode = 0; vnode < VirtualNodesPerShard; vnode++)
            {
                points[(shard * VirtualNodesPerShard) + vnode] = (StableHash.Mix((ulong)shard + 1, (ulong)vnode), shard);
            }
        }

        // Ties (practically impossible with 64-bit points) go to the lower shard, so every process builds the same ring.
        Array.Sort(points, (x, y) => x.Point != y.Point ? x.Point.CompareTo(y.Point) : x.Shard.CompareTo(y.Shard));
        _points = points.Select(p => p.Point).ToArray();
        _owners = points.Select(p => p.Shard).ToArray();
    }

    /// <summary>How many shards the ring spreads keys over.</summary>
    public int ShardCount { get; }

    /// <summary>The shard (0-based) that owns <paramref name="key"/>, e.g. a user id or a product id.</summary>
    public int ShardFor(long key)
    {
        var hash = StableHash.Mix((ulong)key);
        var index = Array.BinarySearch(_points, hash);
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }
}
