using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ScaleLab.Lab.Data;

/// <summary>A shard in one SQLite file, shared by every replica process through WAL mode.</summary>
internal sealed class SqliteShard : Shard
{
    private readonly string _connectionString;

    public SqliteShard(int index, string path)
        : base(index, Path.GetFullPath(path))
    {
        var directory = Path.GetDirectoryName(Location);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Default Timeout is also how long Microsoft.Data.Sqlite retries a busy database: writers from several
        // replica processes queue on the file's lock instead of failing.
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Location,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public override LabDatabaseKind Kind => LabDatabaseKind.Sqlite;

    public override string CaseInsensitiveLike => "LIKE";

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);

        // Per connection, not persistent: in WAL mode NORMAL survives a killed process (what the audit checks);
        // only a power cut can lose the last commits, and FULL would cost an fsync per order.
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = NORMAL";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await Task.CompletedTask;
        return ((SqliteConnection)connection).BeginTransaction(deferred: false);
    }

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so a test can delete its temp directory.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
