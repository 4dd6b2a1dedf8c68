namespace ScaleLab.Lab.Data;

/// <summary>A product as the API returns it, with the stock at the moment it was read.</summary>
internal sealed record Product(long Id, string Name, long PriceCents, long Stock);
