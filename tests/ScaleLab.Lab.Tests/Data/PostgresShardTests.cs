using System.Net;
using System.Net.Http.Json;
using Npgsql;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Database;
using ScaleLab.Lab.Service;
using ScaleLab.Lab.Tests.Service;
using ScaleLab.Lab.Tests.Support;

namespace ScaleLab.Lab.Tests.Data;

/// <summary>
/// The PostgreSQL path end to end: two shards (two databases of one throwaway cluster, started by the lab's own
/// <see cref="PostgresCluster"/>), seeded with COPY, served by a replica. Needs Debian's PostgreSQL server (test.sh
/// installs it).
/// </summary>
public sealed class PostgresShardTests
{
    private static readonly SeedOptions Data = new() { Users = 400, FollowsPerUser = 8, PostsPerUser = 6, Products = 40, StockPerProduct = 3 };

    [Fact]
    public async Task Postgres_SeededAndServed_BehavesLikeSqlite()
    {
        Assert.True(PostgresBinaries.Find() is not null, "PostgreSQL's server is not installed: apt-get install postgresql (test.sh does it)");
        await using var cluster = await PostgresCluster.StartAsync(0, "pgshard" + Guid.NewGuid().ToString("N")[..8], CancellationToken.None);
        var second = await CreateDatabaseAsync(cluster.ConnectionString, "shard1");
        using var store = new EmbeddedGarnet();
        await using var shards = ShardSet.Open(LabDatabaseKind.Postgres, [cluster.ConnectionString, second]);

        var seed = await LabDataSeeder.SeedAsync(shards, Data, CancellationToken.None);
        await using var replica = await ReplicaHost.StartAsync(
            new ReplicaOptions { Store = store.Url, Database = LabDatabaseKind.Postgres, Shards = shards.Locations, Workers = 8, CpuMs = 0, IoMs = 0 },
            CancellationToken.None);
        using var client = LabTestBed.NewClient(replica.BaseAddress);

        var feed = await client.GetFromJsonAsync<FeedApiTests.FeedBody>("/users/9/feed");
        var expected = new SeedData(Data, shards.Ring).Followees(9).Length * Data.PostsPerUser;
        var search = await client.GetFromJsonAsync<SearchBody>("/search?q=COFFEE");
        var orders = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            client.PostAsJsonAsync("/orders", new { productId = 5, quantity = 1, idempotencyKey = $"pg-{i % 4}" })));
        var product = await client.GetFromJsonAsync<ProductApiTests.ProductBody>("/products/5");
        var ledger = await new OrderLedger(shards).ByIdempotencyKeyAsync(CancellationToken.None);

        Assert.Equal(400, seed.Users);
        Assert.Equal(2_400, seed.Posts);
        Assert.Equal(Math.Min(50, expected), feed!.Posts.Count);
        Assert.Equal(2, search!.Posts.Select(p => shards.ShardForUser(p.UserId)).Distinct().Count());
        Assert.All(search.Posts, p => Assert.Contains("coffee", p.Body, StringComparison.Ordinal));
        Assert.Equal(3, orders.Count(o => o.StatusCode == HttpStatusCode.Created));
        Assert.Equal(0, product!.Stock);
        Assert.Equal(3, ledger.Count);
        Assert.All(ledger.Values, o => Assert.Single(o));
    }

    private static async Task<string> CreateDatabaseAsync(string connectionString, string name)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;
    }

    private sealed record SearchBody(string Query, int Shards, IReadOnlyList<FeedApiTests.PostBody> Posts);
}
