namespace ScaleLab.Lab.Scenarios;

/// <summary>
/// One of the article's pitfalls, switched on in an otherwise healthy service. The defaults here ARE the baseline:
/// stateless replicas, sessions in the store, a cache-aside feed loaded with one query per shard, indexed posts, no
/// shared lock, orders spread over products, no broadcast. Each scenario class overrides exactly one of them.
/// </summary>
internal interface ILabScenario
{
    /// <summary>The name <c>--scenario</c> takes.</summary>
    string Name { get; }

    /// <summary>One line: what changes, for <c>lab up --help</c> and <c>lab status</c>.</summary>
    string Summary { get; }

    /// <summary>Feeds are read from and written to the store's cache (cache-aside); no-cache says no.</summary>
    bool CachesFeeds => true;

    /// <summary>The feed reads each followee's posts with its own query instead of one query per shard (n-plus-one).</summary>
    bool LoadsFeedPerFollowee => false;

    /// <summary>The posts table keeps its (user_id, created_at) index; missing-index drops it.</summary>
    bool IndexesPosts => true;

    /// <summary>Sessions live in the replica's memory instead of the store (in-memory-sessions).</summary>
    bool KeepsSessionsInMemory => false;

    /// <summary>Every request's work runs inside one lock shared by all replicas, held in the store (global-lock).</summary>
    bool SerializesRequests => false;

    /// <summary>Every write is published to every replica, which rebuilds its view for it (broadcast-invalidation).</summary>
    bool BroadcastsWrites => false;

    /// <summary>
    /// The feed orders its posts by their authors' rank among every author of the shard, computed per read with an
    /// aggregate over the shard's posts (heavy-query): database CPU per request instead of an index lookup.
    /// </summary>
    bool RanksFeedByActivity => false;

    /// <summary>
    /// The cores the PostgreSQL servers the lab starts may use, all of them on the same ones; null for no limit.
    /// heavy-query gives them one, so that the database saturates before the machine does.
    /// </summary>
    int? DatabaseCores => null;

    /// <summary>The product an order really takes stock from; hot-row sends every order to the same one.</summary>
    long OrderTarget(long requestedProductId) => requestedProductId;
}
