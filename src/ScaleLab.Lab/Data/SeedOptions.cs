namespace ScaleLab.Lab.Data;

/// <summary>
/// What <see cref="LabDataSeeder.SeedAsync"/> writes. The same options give the same rows, whatever the number of shards:
/// each user's follows and posts and each product come from a <see cref="Random"/> seeded with (seed, id).
/// </summary>
public sealed record SeedOptions
{
    /// <summary>The seed of every generated value (<c>--seed</c>).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Users, with ids 1 to <see cref="Users"/> (<c>--users</c>).</summary>
    public int Users { get; init; } = 10_000;

    /// <summary>Distinct users each user follows, chosen uniformly (<c>--follows-per-user</c>).</summary>
    public int FollowsPerUser { get; init; } = 20;

    /// <summary>Posts per user (<c>--posts-per-user</c>): 20 × 10,000 users = 200,000 posts by default.</summary>
    public int PostsPerUser { get; init; } = 20;

    /// <summary>Products, with ids 1 to <see cref="Products"/> (<c>--products</c>).</summary>
    public int Products { get; init; } = 1_000;

    /// <summary>Units in stock of every product: enough for minutes of orders; small values make a sell-out.</summary>
    public int StockPerProduct { get; init; } = 100_000;

    /// <summary>Seeded posts are dated within the 30 days after this instant; posts made through the API are dated now.</summary>
    public DateTimeOffset Epoch { get; init; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Throws <see cref="ArgumentException"/> when the options cannot be met.</summary>
    public void Validate()
    {
        if (Users < 1)
        {
            throw new ArgumentException($"users must be at least 1 (got {Users})");
        }

        if (FollowsPerUser < 0 || FollowsPerUser >= Users)
        {
            throw new ArgumentException($"follows per user must be between 0 and users - 1 = {Users - 1} (got {FollowsPerUser})");
        }

        if (PostsPerUser < 0)
        {
            throw new ArgumentException($"posts per user cannot be negative (got {PostsPerUser})");
        }

        if (Products < 0 || StockPerProduct < 0)
        {
            throw new ArgumentException("products and stock per product cannot be negative");
        }
    }
}
