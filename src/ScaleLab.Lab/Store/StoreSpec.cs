namespace ScaleLab.Lab.Store;

/// <summary>The <c>--store</c> option: <c>embedded</c> (Garnet in process), <c>redis</c> (a redis-server the lab starts) or <c>redis://HOST:PORT</c>.</summary>
public sealed record StoreSpec
{
    private StoreSpec(StoreKind kind, string? host, int port)
    {
        Kind = kind;
        Host = host;
        Port = port;
    }

    /// <summary>Garnet in the supervisor's process, the default: nothing to install.</summary>
    public static StoreSpec Embedded { get; } = new(StoreKind.Embedded, null, 0);

    /// <summary>Debian's <c>redis-server</c>, started by the lab on a free loopback port.</summary>
    public static StoreSpec RedisServer { get; } = new(StoreKind.RedisServer, null, 0);

    /// <summary>Which kind of store.</summary>
    public StoreKind Kind { get; }

    /// <summary>The external server's host (only for <see cref="StoreKind.External"/>).</summary>
    public string? Host { get; }

    /// <summary>The external server's port (only for <see cref="StoreKind.External"/>).</summary>
    public int Port { get; }

    /// <summary>Parses the option's value; false with a reason for anything else.</summary>
    public static bool TryParse(string text, out StoreSpec spec, out string error)
    {
        spec = Embedded;
        error = "";
        switch (text)
        {
            case "embedded":
                return true;
            case "redis":
                spec = RedisServer;
                return true;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == "redis" && uri.Host.Length > 0
            && uri.AbsolutePath is "" or "/")
        {
            spec = new StoreSpec(StoreKind.External, uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? 6379 : uri.Port);
            return true;
        }

        error = $"'{text}' is not a store: use embedded, redis, or redis://HOST:PORT";
        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        StoreKind.Embedded => "embedded",
        StoreKind.RedisServer => "redis",
        _ => $"redis://{Host}:{Port}",
    };
}
