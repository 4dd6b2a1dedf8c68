using Microsoft.Data.Sqlite;

namespace ScaleLab.Lab.Data;

/// <summary>
/// Loads one SQLite shard: one transaction, one prepared statement per table whose parameters are rebound per row
/// (about 10^5 to 10^6 rows per second), indexes built after the rows are in.
/// </summary>
internal static class SqliteSeedLoader
{
    public static async Task<ShardSeedCounts> LoadAsync(SqliteShard shard, SeedData data, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await shard.OpenAsync(cancellationToken);
        await LabSchema.RecreateTablesAsync(connection, LabDatabaseKind.Sqlite, cancellationToken);

        // A seed that fails is redone from scratch: no need to sync to disk while loading.
        await LabSchema.ExecuteAsync(connection, "PRAGMA synchronous = OFF", cancellationToken);

        long users = 0, follows = 0, posts = 0, products = 0;
        using (var transaction = connection.BeginTransaction())
        {
            using var insertUser = Prepare(connection, transaction, "INSERT INTO users (id, name, created_at) VALUES ($1, $2, $3)", 3);
            using var insertFollow = Prepare(connection, transaction, "INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2)", 2);
            using var insertPost = Prepare(connection, transaction, "INSERT INTO posts (id, user_id, created_at, body) VALUES ($1, $2, $3, $4)", 4);
            using var insertProduct = Prepare(connection, transaction, "INSERT INTO products (id, name, price_cents, stock) VALUES ($1, $2, $3, $4)", 4);

            foreach (var user in data.UsersOn(shard.Index))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Run(insertUser, user, SeedData.UserName(user), data.UserCreatedAt(user));
                users++;
                foreach (var followee in data.Followees(user))
                {
                    Run(insertFollow, user, followee);
                    follows++;
                }

                foreach (var post in data.Posts(user))
                {
                    Run(insertPost, post.Id, post.UserId, post.CreatedAtMs, post.Body);
                    posts++;
                }
            }

            foreach (var id in data.ProductsOn(shard.Index))
            {
                var product = data.Product(id);
                Run(insertProduct, product.Id, product.Name, product.PriceCents, product.Stock);
                products++;
            }

            transaction.Commit();
        }

        await LabSchema.SetPostsIndexAsync(shard, present: true, cancellationToken);
        await LabSchema.ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken);
        return new ShardSeedCounts(shard.Index, users, follows, posts, products);
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 1; i <= parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = $"${i}" });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }
}
