namespace ScaleLab.Lab.Scenarios;

/// <summary>The feed cache is bypassed: the database takes every read ("caching is not scalability").</summary>
internal sealed class NoCacheScenario : ILabScenario
{
    public string Name => "no-cache";

    public string Summary => "the feed cache is bypassed: the database takes every read";

    public bool CachesFeeds => false;
}
