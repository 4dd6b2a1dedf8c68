namespace ScaleLab.Lab.Data;

/// <summary>What <see cref="LabDataSeeder.SeedAsync"/> wrote, in total and per shard, and how long it took.</summary>
/// <param name="Users">Users written.</param>
/// <param name="Follows">Follow edges written.</param>
/// <param name="Posts">Posts written.</param>
/// <param name="Products">Products written.</param>
/// <param name="Duration">Wall time of the whole seed, all shards loaded in parallel.</param>
/// <param name="Shards">The counts per shard, in ring order.</param>
public sealed record SeedResult(long Users, long Follows, long Posts, long Products, TimeSpan Duration, IReadOnlyList<ShardSeedCounts> Shards);
