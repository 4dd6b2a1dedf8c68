using System.Data.Common;

namespace ScaleLab.Lab.Data;

/// <summary>
/// One shard's database: opens connections and knows the few places where SQLite and PostgreSQL speak differently.
/// Everything else (the queries, the order transaction) is the same SQL on both.
/// </summary>
internal abstract class Shard : IAsyncDisposable
{
    protected Shard(int index, string location)
    {
        Index = index;
        Location = location;
    }

    /// <summary>The shard's number on the ring.</summary>
    public int Index { get; }

    /// <summary>The file path (SQLite) or connection string (PostgreSQL) it was opened from.</summary>
    public string Location { get; }

    public abstract LabDatabaseKind Kind { get; }

    /// <summary>Case-insensitive LIKE: SQLite's LIKE already is for ASCII; PostgreSQL needs ILIKE.</summary>
    public abstract string CaseInsensitiveLike { get; }

    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A transaction that takes the write lock at once (SQLite: BEGIN IMMEDIATE), so two writers queue rather than deadlock.</summary>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
