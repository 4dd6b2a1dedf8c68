using NpgsqlTypes;

namespace ScaleLab.Lab.Data;

/// <summary>Loads one PostgreSQL shard with binary COPY, then builds the indexes and gathers planner statistics.</summary>
internal static class PostgresSeedLoader
{
    public static async Task<ShardSeedCounts> LoadAsync(PostgresShard shard, SeedData data, CancellationToken cancellationToken)
    {
        await using var connection = await shard.DataSource.OpenConnectionAsync(cancellationToken);
        await LabSchema.RecreateTablesAsync(connection, LabDatabaseKind.Postgres, cancellationToken);
        var users = data.UsersOn(shard.Index).ToArray();

        long follows = 0, posts = 0, products = 0;
        await using (var writer = await connection.BeginBinaryImportAsync("COPY users (id, name, created_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var user in users)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(user, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(SeedData.UserName(user), NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(data.UserCreatedAt(user), NpgsqlDbType.Bigint, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync("COPY follows (follower_id, followee_id) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var user in users)
            {
                foreach (var followee in data.Followees(user))
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(user, NpgsqlDbType.Bigint, cancellationToken);
                    await writer.WriteAsync(followee, NpgsqlDbType.Bigint, cancellationToken);
                    follows++;
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync("COPY posts (id, user_id, created_at, body) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var user in users)
            {
                foreach (var post in data.Posts(user))
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(post.Id, NpgsqlDbType.Bigint, cancellationToken);
                    await writer.WriteAsync(post.UserId, NpgsqlDbType.Bigint, cancellationToken);
                    await writer.WriteAsync(post.CreatedAtMs, NpgsqlDbType.Bigint, cancellationToken);
                    await writer.WriteAsync(post.Body, NpgsqlDbType.Text, cancellationToken);
                    posts++;
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync("COPY products (id, name, price_cents, stock) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var id in data.ProductsOn(shard.Index))
            {
                var product = data.Product(id);
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(product.Id, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(product.Name, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(product.PriceCents, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(product.Stock, NpgsqlDbType.Bigint, cancellationToken);
                products++;
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await LabSchema.SetPostsIndexAsync(shard, present: true, cancellationToken);
        await LabSchema.ExecuteAsync(connection, "ANALYZE", cancellationToken);
        return new ShardSeedCounts(shard.Index, users.Length, follows, posts, products);
    }
}
