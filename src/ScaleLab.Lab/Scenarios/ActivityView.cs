using ScaleLab.Lab.Data;

namespace ScaleLab.Lab.Scenarios;

/// <summary>
/// A replica-local view of recent activity (the newest posts of every shard), standing for the rendered fragments,
/// aggregates and near caches that services keep in memory. Broadcast invalidation keeps it coherent by rebuilding
/// it on every replica for every write.
/// </summary>
internal sealed class ActivityView
{
    public const int Length = 20;

    private IReadOnlyList<Post> _posts = [];

    public IReadOnlyList<Post> Posts => Volatile.Read(ref _posts);

    public void Replace(IReadOnlyList<Post> posts) => Volatile.Write(ref _posts, posts);
}
