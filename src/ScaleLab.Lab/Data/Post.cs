namespace ScaleLab.Lab.Data;

/// <summary>A post as the API returns it.</summary>
internal sealed record Post(long Id, long UserId, DateTimeOffset CreatedAt, string Body)
{
    /// <summary>Newest first; ties (same millisecond) by id, so every replica and the cache order a feed the same way.</summary>
    public static int NewestFirst(Post x, Post y) =>
        y.CreatedAt != x.CreatedAt ? y.CreatedAt.CompareTo(x.CreatedAt) : y.Id.CompareTo(x.Id);
}
