using System.Data.Common;
using Npgsql;

namespace ScaleLab.Lab.Data;

/// <summary>A shard in one PostgreSQL database, reached through a pooled <see cref="NpgsqlDataSource"/>.</summary>
internal sealed class PostgresShard : Shard
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresShard(int index, string connectionString)
        : base(index, connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public override LabDatabaseKind Kind => LabDatabaseKind.Postgres;

    public override string CaseInsensitiveLike => "ILIKE";

    public NpgsqlDataSource DataSource => _dataSource;

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
