namespace ScaleLab.Lab.Data;

/// <summary>A product's remaining stock, for checks that stock + ordered units = seeded stock.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Shard">The shard it is stored on.</param>
/// <param name="Stock">Units left.</param>
public sealed record ProductStock(long ProductId, int Shard, long Stock);
