namespace ScaleLab.Lab.Store;

/// <summary>How the lab's Redis-protocol store runs.</summary>
public enum StoreKind
{
    /// <summary>Microsoft Garnet inside the supervisor's process.</summary>
    Embedded,

    /// <summary>A <c>redis-server</c> child process.</summary>
    RedisServer,

    /// <summary>A server the user runs, given as <c>redis://HOST:PORT</c>.</summary>
    External,
}
