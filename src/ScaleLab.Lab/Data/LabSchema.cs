using System.Data.Common;
using Npgsql;

namespace ScaleLab.Lab.Data;

/// <summary>
/// The tables every shard has. Users, follows and posts of the users the ring puts on the shard; products and orders
/// of the products it puts there. Secondary indexes are created after the bulk load, which is faster than keeping them
/// up to date row by row.
/// </summary>
internal static class LabSchema
{
    /// <summary>The index the feed needs: a followee's newest posts without reading anyone else's. Dropped by missing-index.</summary>
    public const string PostsIndexName = "ix_posts_user_created";

    private static readonly string[] SqliteTables =
    [
        "PRAGMA journal_mode = WAL",
        "DROP TABLE IF EXISTS orders",
        "DROP TABLE IF EXISTS products",
        "DROP TABLE IF EXISTS posts",
        "DROP TABLE IF EXISTS follows",
        "DROP TABLE IF EXISTS users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL)",
        "CREATE TABLE follows (follower_id INTEGER NOT NULL, followee_id INTEGER NOT NULL, PRIMARY KEY (follower_id, followee_id)) WITHOUT ROWID",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, created_at INTEGER NOT NULL, body TEXT NOT NULL)",
        "CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price_cents INTEGER NOT NULL, stock INTEGER NOT NULL CHECK (stock >= 0))",
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, product_id INTEGER NOT NULL, quantity INTEGER NOT NULL, created_at INTEGER NOT NULL)",
    ];

    private static readonly string[] PostgresTables =
    [
        "DROP TABLE IF EXISTS orders, products, posts, follows, users CASCADE",
        "CREATE TABLE users (id BIGINT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL)",
        "CREATE TABLE follows (follower_id BIGINT NOT NULL, followee_id BIGINT NOT NULL, PRIMARY KEY (follower_id, followee_id))",
        "CREATE TABLE posts (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, created_at BIGINT NOT NULL, body TEXT NOT NULL)",
        "CREATE TABLE products (id BIGINT PRIMARY KEY, name TEXT NOT NULL, price_cents BIGINT NOT NULL, stock BIGINT NOT NULL CHECK (stock >= 0))",
        "CREATE TABLE orders (id BIGINT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, product_id BIGINT NOT NULL, quantity BIGINT NOT NULL, created_at BIGINT NOT NULL)",
    ];

    /// <summary>Drops and recreates every table, empty and without secondary indexes.</summary>
    public static async Task RecreateTablesAsync(DbConnection connection, LabDatabaseKind kind, CancellationToken cancellationToken)
    {
        foreach (var statement in kind == LabDatabaseKind.Sqlite ? SqliteTables : PostgresTables)
        {
            await ExecuteAsync(connection, statement, cancellationToken);
        }
    }

    /// <summary>Creates the posts index when <paramref name="present"/>, drops it otherwise; safe to run from several replicas at once.</summary>
    public static async Task SetPostsIndexAsync(Shard shard, bool present, CancellationToken cancellationToken)
    {
        var statement = present
            ? $"CREATE INDEX IF NOT EXISTS {PostsIndexName} ON posts (user_id, created_at DESC)"
            : $"DROP INDEX IF EXISTS {PostsIndexName}";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await shard.OpenAsync(cancellationToken);
                await ExecuteAsync(connection, statement, cancellationToken);
                if (present && shard.Kind == LabDatabaseKind.Postgres)
                {
                    // PostgreSQL plans from statistics: without them a fresh index may be ignored.
                    await ExecuteAsync(connection, "ANALYZE posts", cancellationToken);
                }

                return;
            }
            catch (PostgresException ex) when (attempt < 5 && ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DeadlockDetected)
            {
                // Two replicas creating the same index at the same moment: IF NOT EXISTS is not atomic in PostgreSQL.
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
            }
        }
    }

    public static async Task ExecuteAsync(DbConnection connection, string statement, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = statement;
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
