namespace ScaleLab.Lab.Data;

/// <summary>An order as stored on its product's shard.</summary>
/// <param name="OrderId">The order's id, unique across shards (made by the replica that took the order).</param>
/// <param name="Shard">The shard it is stored on.</param>
/// <param name="IdempotencyKey">The client's key: an order is placed at most once per key.</param>
/// <param name="ProductId">The product ordered (under hot-row: the hot product, whatever the client asked for).</param>
/// <param name="Quantity">Units taken from the product's stock.</param>
/// <param name="CreatedAt">When the order was placed.</param>
public sealed record OrderRecord(long OrderId, int Shard, string IdempotencyKey, long ProductId, long Quantity, DateTimeOffset CreatedAt);
