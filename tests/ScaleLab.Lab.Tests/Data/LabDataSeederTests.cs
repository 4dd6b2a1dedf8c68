using Microsoft.Data.Sqlite;
using ScaleLab.Lab.Data;
using Xunit.Abstractions;

namespace ScaleLab.Lab.Tests.Data;

public sealed class LabDataSeederTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-seed-test-").FullName;

    [Fact]
    public async Task SeedAsync_DefaultDataInto2SqliteShards_LoadsInUnder60Seconds()
    {
        await using var shards = Open(2);

        var result = await LabDataSeeder.SeedAsync(shards, new SeedOptions(), CancellationToken.None);

        output.WriteLine($"seeded {result.Users:N0} users, {result.Follows:N0} follows, {result.Posts:N0} posts, {result.Products:N0} products into 2 SQLite shards in {result.Duration.TotalSeconds:F2} s");
        Assert.Equal(10_000, result.Users);
        Assert.Equal(200_000, result.Posts);
        Assert.Equal(200_000, result.Follows);
        Assert.Equal(1_000, result.Products);
        Assert.True(result.Duration < TimeSpan.FromSeconds(60), $"took {result.Duration}");
        Assert.Equal(result.Posts, Count(shards.Locations[0], "posts") + Count(shards.Locations[1], "posts"));
    }

    [Fact]
    public async Task SeedAsync_EveryUserAndProduct_LivesOnTheShardTheRingPicks()
    {
        await using var shards = Open(3);

        await LabDataSeeder.SeedAsync(shards, Small, CancellationToken.None);

        for (var shard = 0; shard < 3; shard++)
        {
            Assert.All(Ids(shards.Locations[shard], "SELECT id FROM users"), user => Assert.Equal(shard, shards.ShardForUser(user)));
            Assert.All(Ids(shards.Locations[shard], "SELECT DISTINCT user_id FROM posts"), user => Assert.Equal(shard, shards.ShardForUser(user)));
            Assert.All(Ids(shards.Locations[shard], "SELECT DISTINCT follower_id FROM follows"), user => Assert.Equal(shard, shards.ShardForUser(user)));
            Assert.All(Ids(shards.Locations[shard], "SELECT id FROM products"), product => Assert.Equal(shard, shards.ShardForProduct(product)));
        }
    }

    [Fact]
    public async Task SeedAsync_SameSeedOnDifferentShardCounts_WritesTheSameRows()
    {
        await using var one = Open(1, "one");
        await using var three = Open(3, "three");

        await LabDataSeeder.SeedAsync(one, Small, CancellationToken.None);
        await LabDataSeeder.SeedAsync(three, Small, CancellationToken.None);

        const string posts = "SELECT id || ':' || user_id || ':' || created_at || ':' || body FROM posts";
        const string follows = "SELECT follower_id || '>' || followee_id FROM follows";
        Assert.Equal(Rows(one, posts), Rows(three, posts));
        Assert.Equal(Rows(one, follows), Rows(three, follows));
    }

    [Fact]
    public async Task SeedAsync_AnotherSeed_WritesOtherPosts()
    {
        await using var first = Open(1, "first");
        await using var second = Open(1, "second");

        await LabDataSeeder.SeedAsync(first, Small, CancellationToken.None);
        await LabDataSeeder.SeedAsync(second, Small with { Seed = 2 }, CancellationToken.None);

        const string posts = "SELECT body FROM posts";
        Assert.NotEqual(Rows(first, posts), Rows(second, posts));
    }

    [Fact]
    public async Task SeedAsync_Twice_ReplacesTheData()
    {
        await using var shards = Open(2);

        await LabDataSeeder.SeedAsync(shards, Small, CancellationToken.None);
        var result = await LabDataSeeder.SeedAsync(shards, Small with { Users = 50, FollowsPerUser = 3 }, CancellationToken.None);

        Assert.Equal(50, result.Users);
        Assert.Equal(50, Count(shards.Locations[0], "users") + Count(shards.Locations[1], "users"));
    }

    [Fact]
    public async Task SeedAsync_MoreFollowsThanUsers_Throws()
    {
        await using var shards = Open(1);

        await Assert.ThrowsAsync<ArgumentException>(() => LabDataSeeder.SeedAsync(shards, new SeedOptions { Users = 5, FollowsPerUser = 5 }, CancellationToken.None));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static SeedOptions Small => new() { Users = 400, FollowsPerUser = 8, PostsPerUser = 6, Products = 40 };

    private ShardSet Open(int count, string name = "shard") =>
        ShardSet.Open(LabDatabaseKind.Sqlite, Enumerable.Range(0, count).Select(i => Path.Combine(_directory, $"{name}{i}.db")));

    private static long Count(string path, string table) => Ids(path, $"SELECT COUNT(*) FROM {table}").Single();

    private static List<long> Ids(string path, string sql) => Query(path, sql, reader => reader.GetInt64(0));

    private static List<string> Rows(ShardSet shards, string sql) =>
        shards.Locations.SelectMany(path => Query(path, sql, reader => reader.GetString(0))).Order(StringComparer.Ordinal).ToList();

    private static List<T> Query<T>(string path, string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
