namespace ScaleLab.Lab.Scenarios;

/// <summary>
/// Every feed read ranks its posts by their authors' activity, counted afresh over the shard's 10,000 newest posts
/// (an aggregate and a window, no summary table, no cache): the database does the CPU work of every request. The lab's
/// PostgreSQL servers get one core between them, so that the database saturates while the machine still has room:
/// the tier that limits is the database, and more replicas only queue on it.
/// </summary>
internal sealed class HeavyQueryScenario : ILabScenario
{
    public string Name => "heavy-query";

    public string Summary => "every feed read ranks authors with an aggregate over 10,000 posts per shard, uncached; PostgreSQL on one core";

    public bool CachesFeeds => false;

    public bool RanksFeedByActivity => true;

    public int? DatabaseCores => 1;
}
