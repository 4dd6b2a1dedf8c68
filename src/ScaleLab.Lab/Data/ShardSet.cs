using ScaleLab.Lab.Sharding;

namespace ScaleLab.Lab.Data;

/// <summary>
/// The lab's shards, opened from the replica's <c>--db</c> and <c>--shard</c> arguments, and the ring that says which
/// shard holds what: a user and their follows and posts live on the shard of the user's id; a product and its orders
/// on the shard of the product's id. Every process that opens the same arguments in the same order agrees on it.
/// </summary>
public sealed class ShardSet : IAsyncDisposable
{
    private readonly Shard[] _shards;

    private ShardSet(LabDatabaseKind kind, Shard[] shards)
    {
        Kind = kind;
        _shards = shards;
        Ring = new ShardRing(shards.Length);
    }

    /// <summary>The names <c>--db</c> accepts.</summary>
    public static IReadOnlyList<string> KindNames { get; } = ["sqlite", "postgres"];

    /// <summary>The engine behind every shard.</summary>
    public LabDatabaseKind Kind { get; }

    /// <summary>How many shards there are.</summary>
    public int Count => _shards.Length;

    /// <summary>Where each shard is: SQLite file paths (made absolute) or PostgreSQL connection strings, in ring order.</summary>
    public IReadOnlyList<string> Locations => _shards.Select(s => s.Location).ToArray();

    /// <summary>The consistent-hashing ring over the shards.</summary>
    internal ShardRing Ring { get; }

    internal Shard this[int index] => _shards[index];

    internal IReadOnlyList<Shard> All => _shards;

    /// <summary>
    /// Opens the shards: for <see cref="LabDatabaseKind.Sqlite"/> each argument is a file path (created with its
    /// directory when missing); for <see cref="LabDatabaseKind.Postgres"/> a connection string. Connections are opened
    /// lazily, so this does not fail on a database that is not up yet.
    /// </summary>
    public static ShardSet Open(LabDatabaseKind kind, IEnumerable<string> shardArguments)
    {
        ArgumentNullException.ThrowIfNull(shardArguments);
        var arguments = shardArguments.ToArray();
        if (arguments.Length == 0)
        {
            throw new ArgumentException("at least one shard is needed", nameof(shardArguments));
        }

        var shards = new Shard[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(arguments[i]))
            {
                throw new ArgumentException($"shard {i + 1} is empty", nameof(shardArguments));
            }

            shards[i] = kind switch
            {
                LabDatabaseKind.Sqlite => new SqliteShard(i, arguments[i]),
                LabDatabaseKind.Postgres => new PostgresShard(i, arguments[i]),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown database kind"),
            };
        }

        return new ShardSet(kind, shards);
    }

    /// <summary>Opens the shards from the text of <c>--db</c> (<c>sqlite</c> or <c>postgres</c>).</summary>
    public static ShardSet Open(string kind, IEnumerable<string> shardArguments) => Open(ParseKind(kind), shardArguments);

    /// <summary>Parses <c>--db</c>: <c>sqlite</c> or <c>postgres</c>.</summary>
    public static LabDatabaseKind ParseKind(string text) => text switch
    {
        "sqlite" => LabDatabaseKind.Sqlite,
        "postgres" => LabDatabaseKind.Postgres,
        _ => throw new ArgumentException($"unknown database '{text}': expected sqlite or postgres", nameof(text)),
    };

    /// <summary>The shard (0-based) holding a user, their follows and their posts.</summary>
    public int ShardForUser(long userId) => Ring.ShardFor(userId);

    /// <summary>The shard (0-based) holding a product and its orders.</summary>
    public int ShardForProduct(long productId) => Ring.ShardFor(productId);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var shard in _shards)
        {
            await shard.DisposeAsync();
        }
    }
}
