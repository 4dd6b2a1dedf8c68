namespace ScaleLab.Lab.Data;

/// <summary>
/// Writes the lab's deterministic data set into its shards, replacing whatever was there: users, follows, posts,
/// products with stock, and no orders. The supervisor calls it in-process before it starts the replicas.
/// </summary>
internal static class LabDataSeeder
{
    /// <summary>
    /// Recreates the tables on every shard and loads them in parallel, one transaction (SQLite) or one COPY per table
    /// (PostgreSQL) per shard. The default data set (10,000 users, 200,000 posts) loads in a few seconds.
    /// </summary>
    public static async Task<SeedResult> SeedAsync(ShardSet shards, SeedOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var started = TimeProvider.System.GetTimestamp();
        var data = new SeedData(options, shards.Ring);
        var loads = shards.All.Select(shard => Task.Run(() => shard switch
        {
            SqliteShard sqlite => SqliteSeedLoader.LoadAsync(sqlite, data, cancellationToken),
            PostgresShard postgres => PostgresSeedLoader.LoadAsync(postgres, data, cancellationToken),
            _ => throw new InvalidOperationException($"no loader for {shard.GetType().Name}"),
        }, cancellationToken));
        var counts = await Task.WhenAll(loads);
        var duration = TimeProvider.System.GetElapsedTime(started);

        return new SeedResult(
            counts.Sum(c => c.Users),
            counts.Sum(c => c.Follows),
            counts.Sum(c => c.Posts),
            counts.Sum(c => c.Products),
            duration,
            counts);
    }
}
