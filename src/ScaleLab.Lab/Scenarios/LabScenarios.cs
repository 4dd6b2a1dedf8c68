using ScaleLab.Lab.Data;

namespace ScaleLab.Lab.Scenarios;

/// <summary>The scenarios a replica can run (<c>--scenario</c>), each switching on one pitfall of the article.</summary>
public static class LabScenarios
{
    private static readonly ILabScenario[] All =
    [
        new BaselineScenario(),
        new NPlusOneScenario(),
        new MissingIndexScenario(),
        new InMemorySessionsScenario(),
        new GlobalLockScenario(),
        new HotRowScenario(),
        new BroadcastInvalidationScenario(),
        new NoCacheScenario(),
        new HeavyQueryScenario(),
    ];

    /// <summary>The scenario a replica runs when none is named.</summary>
    public const string Default = "baseline";

    /// <summary>Every scenario name, baseline first.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToArray();

    /// <summary>True when <paramref name="name"/> is a scenario (case-sensitive, as typed on the command line).</summary>
    public static bool IsKnown(string name) => All.Any(s => s.Name == name);

    /// <summary>One line saying what the scenario changes.</summary>
    public static string Describe(string name) => Find(name).Summary;

    /// <summary>
    /// The cores the lab gives its PostgreSQL servers in this scenario, all shards on the same ones (heavy-query: 1);
    /// null when they may use every core. Shards that share their cores share one CPU allowance.
    /// </summary>
    public static int? DatabaseCores(string name) => Find(name).DatabaseCores;

    /// <summary>
    /// Puts the shards' schema in the state the scenario needs (today: the posts index, present unless missing-index).
    /// Replicas call it when they start; it is idempotent and safe to run from several processes at once, and the
    /// supervisor may call it once after seeding so that the first replica does not pay for building the index.
    /// </summary>
    public static async Task PrepareDataAsync(ShardSet shards, string scenario, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var indexed = Find(scenario).IndexesPosts;
        await Task.WhenAll(shards.All.Select(shard => LabSchema.SetPostsIndexAsync(shard, indexed, cancellationToken)));
    }

    internal static ILabScenario Find(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"unknown scenario '{name}': expected one of {string.Join(", ", Names)}", nameof(name));
}
