namespace ScaleLab.Lab.Store;

/// <summary>The lab's Redis-protocol store (sessions, cache, the shared lock), however it runs.</summary>
internal interface ILabStore : IAsyncDisposable
{
    /// <summary>What serves it, for status lines: "garnet (embedded)", "redis-server", "external".</summary>
    string Kind { get; }

    /// <summary>The address replicas get with <c>--store</c>: <c>redis://HOST:PORT</c>.</summary>
    string Url { get; }

    int Port { get; }

    /// <summary>The process serving it (the supervisor itself when embedded); null for an external store.</summary>
    int? Pid { get; }
}
