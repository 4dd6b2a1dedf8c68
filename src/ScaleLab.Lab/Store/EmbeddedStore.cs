using Garnet;
using ScaleLab.Lab.Processes;

namespace ScaleLab.Lab.Store;

/// <summary>
/// Microsoft Garnet inside the supervisor's process, on a free loopback port: a Redis-protocol server with nothing to
/// install, which dies with the supervisor (no child process to orphan). No persistence: no AOF, no checkpoints,
/// no storage tier; the lab's store holds sessions and cache entries that the database can always rebuild.
/// </summary>
internal sealed class EmbeddedStore : ILabStore
{
    private readonly GarnetServer _server;

    private EmbeddedStore(GarnetServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public string Kind => "garnet (embedded)";

    public string Url => $"redis://127.0.0.1:{Port}";

    public int Port { get; }

    public int? Pid => Environment.ProcessId;

    public static EmbeddedStore Start()
    {
        // Garnet binds a port it is given, not port 0: pick a free one and retry if another process took it first.
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPort.GetFree();
            var server = new GarnetServer(Arguments(port), loggerFactory: null, cleanupDir: false);
            try
            {
                server.Start();
                return new EmbeddedStore(server, port);
            }
            catch (Exception) when (attempt < 5)
            {
                server.Dispose();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _server.Dispose();
        return ValueTask.CompletedTask;
    }

    // Garnet's own command line rather than GarnetServerOptions: the parser fills in the many defaults that the
    // options object leaves null (a bare GarnetServerOptions fails in Garnet 2.2 with a NullReferenceException).
    private static string[] Arguments(int port) =>
    [
        "--bind", "127.0.0.1",
        "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Small and fixed: sessions and feed pages for a few thousand users fit many times over.
        "--memory", "256m",
        "--index", "16m",
        // The global-lock scenario may release its lock with a script, as it would on redis-server.
        "--lua",
        "--disable-console-logger",
        "-q",
    ];
}
