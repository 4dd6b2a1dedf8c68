using StackExchange.Redis;

namespace ScaleLab.Lab.Service;

/// <summary>Connects to the Redis-protocol store (Garnet or redis-server) named by <c>--store redis://HOST:PORT</c>.</summary>
internal static class StoreConnection
{
    /// <summary>Keys the lab writes all start with this, so a shared redis-server can be told apart.</summary>
    public const string KeyPrefix = "scalelab:";

    public static bool TryParse(string text, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "redis" || string.IsNullOrEmpty(uri.Host) || uri.Port <= 0)
        {
            return false;
        }

        host = uri.Host;
        port = uri.Port;
        return true;
    }

    public static async Task<ConnectionMultiplexer> ConnectAsync(string store, CancellationToken cancellationToken)
    {
        if (!TryParse(store, out var host, out var port))
        {
            throw new ArgumentException($"'{store}' is not a redis://HOST:PORT address", nameof(store));
        }

        var configuration = new ConfigurationOptions
        {
            EndPoints = { { host, port } },
            AbortOnConnectFail = true,
            ConnectTimeout = 5_000,
            SyncTimeout = 5_000,
            AsyncTimeout = 5_000,
            ConnectRetry = 3,
            ClientName = "scalelab-replica",
        };
        var connecting = ConnectionMultiplexer.ConnectAsync(configuration);
        return await connecting.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
    }
}
