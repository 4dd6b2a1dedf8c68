using ScaleLab.Lab.Data;

namespace ScaleLab.Lab.Database;

/// <summary>
/// Where the lab's shards live and whatever runs them: SQLite files in the run's directory (nothing runs), PostgreSQL
/// clusters the lab creates (one per shard, started in parallel), or PostgreSQL databases the user gave.
/// </summary>
internal sealed class ShardServers : IAsyncDisposable
{
    private ShardServers(LabDatabaseKind kind, IReadOnlyList<string> locations, IReadOnlyList<PostgresCluster> clusters)
    {
        Kind = kind;
        Locations = locations;
        Clusters = clusters;
    }

    public LabDatabaseKind Kind { get; }

    /// <summary>What replicas get as <c>--shard</c>, in ring order.</summary>
    public IReadOnlyList<string> Locations { get; }

    /// <summary>The clusters the lab started (empty for SQLite and for given connection strings).</summary>
    public IReadOnlyList<PostgresCluster> Clusters { get; }

    public static async Task<ShardServers> StartAsync(
        LabDatabaseKind kind,
        int shards,
        IReadOnlyList<string> connectionStrings,
        string runDirectory,
        string runId,
        CancellationToken cancellationToken)
    {
        if (kind == LabDatabaseKind.Sqlite)
        {
            var directory = Path.Combine(runDirectory, "shards");
            Directory.CreateDirectory(directory);
            return new ShardServers(kind, Enumerable.Range(1, shards).Select(i => Path.Combine(directory, $"shard-{i}.db")).ToArray(), []);
        }

        if (connectionStrings.Count > 0)
        {
            return new ShardServers(kind, connectionStrings, []);
        }

        var starts = Enumerable.Range(0, shards).Select(i => PostgresCluster.StartAsync(i, runId, cancellationToken)).ToArray();
        try
        {
            var clusters = await Task.WhenAll(starts);
            return new ShardServers(kind, clusters.Select(c => c.ConnectionString).ToArray(), clusters);
        }
        catch
        {
            // Stop the clusters that did start before reporting the one that did not.
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Clusters.Select(c => c.DisposeAsync().AsTask()));
    }
}
