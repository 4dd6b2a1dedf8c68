namespace ScaleLab.Lab.Data;

/// <summary>The database engine behind the lab's shards.</summary>
public enum LabDatabaseKind
{
    /// <summary>One SQLite file per shard (WAL mode, shared by every replica process): the default, nothing to install.</summary>
    Sqlite,

    /// <summary>One PostgreSQL database per shard, reached through a connection string.</summary>
    Postgres,
}
