using System.Data.Common;
using System.Globalization;

namespace ScaleLab.Lab.Data;

/// <summary>
/// The statements the service runs, each counted in the request's <see cref="QueryCounter"/>. One instance per request:
/// it knows the shards and where each user and product lives, and opens a pooled connection per statement.
/// </summary>
internal sealed class LabDatabase(ShardSet shards, QueryCounter queries)
{
    private const string PostColumns = "id, user_id, created_at, body";

    public ShardSet Shards => shards;

    public async Task<User?> FindUserAsync(long userId, CancellationToken cancellationToken)
    {
        var users = await QueryAsync(
            shards[shards.ShardForUser(userId)],
            "SELECT id, name FROM users WHERE id = @user",
            reader => new User(reader.GetInt64(0), reader.GetString(1)),
            cancellationToken,
            ("@user", userId));
        return users.Count == 0 ? null : users[0];
    }

    /// <summary>The ids a user follows, or null when there is no such user: one statement on the user's shard.</summary>
    public async Task<long[]?> FolloweesAsync(long userId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            shards[shards.ShardForUser(userId)],
            "SELECT u.id, f.followee_id FROM users u LEFT JOIN follows f ON f.follower_id = u.id WHERE u.id = @user",
            reader => reader.IsDBNull(1) ? (long?)null : reader.GetInt64(1),
            cancellationToken,
            ("@user", userId));
        return rows.Count == 0 ? null : rows.Where(f => f.HasValue).Select(f => f!.Value).ToArray();
    }

    /// <summary>The newest posts of several authors who all live on <paramref name="shard"/>: one statement.</summary>
    public Task<List<Post>> NewestPostsAsync(int shard, IReadOnlyCollection<long> authors, int limit, CancellationToken cancellationToken)
    {
        // The ids are numbers we parsed, never user text: inlining them keeps one statement shape for both engines
        // (SQLite has no array parameters) and lets each use the (user_id, created_at) index per id.
        var list = string.Join(",", authors.Select(a => a.ToString(CultureInfo.InvariantCulture)));
        return QueryAsync(
            shards[shard],
            $"SELECT {PostColumns} FROM posts WHERE user_id IN ({list}) ORDER BY created_at DESC, id DESC LIMIT @limit",
            ReadPost,
            cancellationToken,
            ("@limit", (long)limit));
    }

    /// <summary>How many of a shard's newest posts the ranked feed counts per read (heavy-query): its cost per statement.</summary>
    public const int RankWindow = 10_000;

    /// <summary>
    /// The posts of several authors on <paramref name="shard"/>, the most active authors first: each author's rank by
    /// their share of the shard's <see cref="RankWindow"/> newest posts (count, then latest post, then id) is computed
    /// in the statement, an aggregate and a window over those posts, with no summary table; authors without a post
    /// among them come last, newest first. The window needs every author's count, so neither engine can narrow the
    /// aggregate to the requested authors: each statement reads and groups that many rows on the database's CPU.
    /// </summary>
    public Task<List<Post>> RankedPostsAsync(int shard, IReadOnlyCollection<long> authors, int limit, CancellationToken cancellationToken)
    {
        var list = string.Join(",", authors.Select(a => a.ToString(CultureInfo.InvariantCulture)));
        return QueryAsync(
            shards[shard],
            "WITH recent AS (SELECT user_id, created_at FROM posts ORDER BY id DESC LIMIT @window), " +
            "activity AS (SELECT user_id, RANK() OVER (ORDER BY COUNT(*) DESC, MAX(created_at) DESC, user_id) AS author_rank FROM recent GROUP BY user_id) " +
            $"SELECT p.id, p.user_id, p.created_at, p.body FROM posts p LEFT JOIN activity a ON a.user_id = p.user_id WHERE p.user_id IN ({list}) " +
            "ORDER BY a.author_rank IS NULL, a.author_rank, p.created_at DESC, p.id DESC LIMIT @limit",
            ReadPost,
            cancellationToken,
            ("@window", (long)RankWindow),
            ("@limit", (long)limit));
    }

    /// <summary>The newest posts of one author: one statement on the author's shard (the n-plus-one feed runs one per followee).</summary>
    public Task<List<Post>> NewestPostsOfAsync(long author, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            shards[shards.ShardForUser(author)],
            $"SELECT {PostColumns} FROM posts WHERE user_id = @user ORDER BY created_at DESC, id DESC LIMIT @limit",
            ReadPost,
            cancellationToken,
            ("@user", author),
            ("@limit", (long)limit));

    /// <summary>The newest posts on a shard by id (the activity view rebuilt on broadcast): reads the primary key backwards.</summary>
    public Task<List<Post>> LatestPostsAsync(int shard, int limit, CancellationToken cancellationToken) =>
        QueryAsync(shards[shard], $"SELECT {PostColumns} FROM posts ORDER BY id DESC LIMIT @limit", ReadPost, cancellationToken, ("@limit", (long)limit));

    /// <summary>Posts on one shard whose body contains <paramref name="text"/> (case-insensitive), newest id first.</summary>
    public Task<List<Post>> SearchPostsAsync(int shard, string text, int limit, CancellationToken cancellationToken)
    {
        var pattern = "%" + text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal) + "%";
        return QueryAsync(
            shards[shard],
            $@"SELECT {PostColumns} FROM posts WHERE body {shards[shard].CaseInsensitiveLike} @pattern ESCAPE '\' ORDER BY id DESC LIMIT @limit",
            ReadPost,
            cancellationToken,
            ("@pattern", pattern),
            ("@limit", (long)limit));
    }

    public async Task InsertPostAsync(Post post, CancellationToken cancellationToken)
    {
        var shard = shards[shards.ShardForUser(post.UserId)];
        await using var connection = await shard.OpenAsync(cancellationToken);
        await ExecuteAsync(
            connection,
            null,
            "INSERT INTO posts (id, user_id, created_at, body) VALUES (@id, @user, @created, @body)",
            cancellationToken,
            ("@id", post.Id),
            ("@user", post.UserId),
            ("@created", post.CreatedAt.ToUnixTimeMilliseconds()),
            ("@body", post.Body));
    }

    public async Task<Product?> FindProductAsync(long productId, CancellationToken cancellationToken)
    {
        var products = await QueryAsync(
            shards[shards.ShardForProduct(productId)],
            "SELECT id, name, price_cents, stock FROM products WHERE id = @product",
            reader => new Product(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)),
            cancellationToken,
            ("@product", productId));
        return products.Count == 0 ? null : products[0];
    }

    /// <summary>
    /// Places an order in one transaction on the product's shard: record the order unless its idempotency key already
    /// ordered (the unique key decides, so two racing requests with one key cannot both win), then take the stock only
    /// if enough is left. Either both happen or neither.
    /// </summary>
    public async Task<OrderOutcome> PlaceOrderAsync(long orderId, string idempotencyKey, long productId, int quantity, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var shard = shards[shards.ShardForProduct(productId)];
        await using var connection = await shard.OpenAsync(cancellationToken);
        await using (var transaction = await shard.BeginWriteAsync(connection, cancellationToken))
        {
            var inserted = await ScalarAsync(
                connection,
                transaction,
                "INSERT INTO orders (id, idempotency_key, product_id, quantity, created_at) VALUES (@id, @key, @product, @quantity, @created) " +
                "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
                cancellationToken,
                ("@id", orderId),
                ("@key", idempotencyKey),
                ("@product", productId),
                ("@quantity", (long)quantity),
                ("@created", now.ToUnixTimeMilliseconds()));
            if (inserted is not null)
            {
                var left = await ScalarAsync(
                    connection,
                    transaction,
                    "UPDATE products SET stock = stock - @quantity WHERE id = @product AND stock >= @quantity RETURNING stock",
                    cancellationToken,
                    ("@quantity", (long)quantity),
                    ("@product", productId));
                if (left is not null)
                {
                    await transaction.CommitAsync(cancellationToken);
                    var order = new OrderRecord(orderId, shard.Index, idempotencyKey, productId, quantity, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()));
                    return new OrderOutcome(OrderStatus.Created, order, Convert.ToInt64(left, CultureInfo.InvariantCulture));
                }
            }

            await transaction.RollbackAsync(cancellationToken);
        }

        var existing = await ReadOrdersAsync(connection, shard.Index, "WHERE idempotency_key = @key", cancellationToken, ("@key", idempotencyKey));
        if (existing.Count > 0)
        {
            return new OrderOutcome(OrderStatus.Replayed, existing[0], null);
        }

        var stock = await ScalarAsync(connection, null, "SELECT stock FROM products WHERE id = @product", cancellationToken, ("@product", productId));
        return stock is null
            ? new OrderOutcome(OrderStatus.UnknownProduct, null, null)
            : new OrderOutcome(OrderStatus.SoldOut, null, Convert.ToInt64(stock, CultureInfo.InvariantCulture));
    }

    /// <summary>Orders on one shard matching a WHERE clause; the ledger and the replay path both read through here.</summary>
    public async Task<List<OrderRecord>> ReadOrdersAsync(DbConnection connection, int shard, string where, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        queries.Increment();
        await using var command = Command(connection, null, $"SELECT id, idempotency_key, product_id, quantity, created_at FROM orders {where} ORDER BY id", parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var orders = new List<OrderRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            orders.Add(new OrderRecord(
                reader.GetInt64(0),
                shard,
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }

        return orders;
    }

    public async Task<List<T>> QueryAsync<T>(Shard shard, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        queries.Increment();
        await using var connection = await shard.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        queries.Increment();
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    private async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        queries.Increment();
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static Post ReadPost(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetString(3));
}
