namespace ScaleLab.Lab.Data;

/// <summary>Rows one shard received.</summary>
/// <param name="Shard">The shard's number on the ring.</param>
/// <param name="Users">Users on the shard.</param>
/// <param name="Follows">Follow edges of those users.</param>
/// <param name="Posts">Posts of those users.</param>
/// <param name="Products">Products on the shard.</param>
public sealed record ShardSeedCounts(int Shard, long Users, long Follows, long Posts, long Products);
