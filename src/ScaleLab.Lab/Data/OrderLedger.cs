namespace ScaleLab.Lab.Data;

/// <summary>
/// Reads back every order on every shard, for <c>lab audit</c>: an order acknowledged with a 2xx must be listed
/// under its idempotency key exactly once.
/// </summary>
internal sealed class OrderLedger(ShardSet shards)
{
    /// <summary>Every order on every shard, shard by shard, in id order.</summary>
    public async Task<IReadOnlyList<OrderRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var database = new LabDatabase(shards, new QueryCounter());
        var perShard = await Task.WhenAll(shards.All.Select(async shard =>
        {
            await using var connection = await shard.OpenAsync(cancellationToken);
            return await database.ReadOrdersAsync(connection, shard.Index, string.Empty, cancellationToken);
        }));
        return perShard.SelectMany(orders => orders).ToArray();
    }

    /// <summary>Every order grouped by idempotency key (ordinal): a key with more than one order is a double order.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<OrderRecord>>> ByIdempotencyKeyAsync(CancellationToken cancellationToken)
    {
        var orders = await ListAsync(cancellationToken);
        return orders
            .GroupBy(order => order.IdempotencyKey, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => (IReadOnlyList<OrderRecord>)group.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The orders recorded under one idempotency key, looked up on every shard (normally zero or one).</summary>
    public async Task<IReadOnlyList<OrderRecord>> FindAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var database = new LabDatabase(shards, new QueryCounter());
        var perShard = await Task.WhenAll(shards.All.Select(async shard =>
        {
            await using var connection = await shard.OpenAsync(cancellationToken);
            return await database.ReadOrdersAsync(connection, shard.Index, "WHERE idempotency_key = @key", cancellationToken, ("@key", idempotencyKey));
        }));
        return perShard.SelectMany(orders => orders).ToArray();
    }

    /// <summary>Every product's remaining stock, shard by shard.</summary>
    public async Task<IReadOnlyList<ProductStock>> ListStockAsync(CancellationToken cancellationToken)
    {
        var database = new LabDatabase(shards, new QueryCounter());
        var perShard = await Task.WhenAll(shards.All.Select(shard => database.QueryAsync(
            shard,
            "SELECT id, stock FROM products ORDER BY id",
            reader => new ProductStock(reader.GetInt64(0), shard.Index, reader.GetInt64(1)),
            cancellationToken)));
        return perShard.SelectMany(stock => stock).ToArray();
    }
}
