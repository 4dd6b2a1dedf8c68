using ScaleLab.Lab.Processes;

namespace ScaleLab.Lab.Store;

/// <summary>
/// Debian's <c>redis-server</c> as a child of the supervisor: a free loopback port, its own temp directory, no
/// persistence (no RDB snapshots, no AOF), killed by the kernel if the supervisor dies (<see cref="ProcessLauncher"/>).
/// </summary>
internal sealed class RedisServerProcess : ILabStore
{
    public const string DefaultPath = "/usr/bin/redis-server";

    private readonly ChildProcess _process;

    private RedisServerProcess(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public string Kind => "redis-server";

    public string Url => $"redis://127.0.0.1:{Port}";

    public int Port { get; }

    public int? Pid => _process.Pid;

    public static string? FindBinary() =>
        File.Exists(DefaultPath) ? DefaultPath : LabPaths.FindOnPath("redis-server");

    public static async Task<RedisServerProcess> StartAsync(string directory, string runId, CancellationToken cancellationToken)
    {
        var binary = FindBinary()
            ?? throw new ChildProcessException("redis-server is not installed (Debian: apt-get install redis-server); use --store embedded or redis://HOST:PORT");
        Directory.CreateDirectory(directory);
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPort.GetFree();
            string[] arguments =
            [
                "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1",
                "--dir", directory,
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--logfile", "",
                "--databases", "1",
            ];
            var process = await ChildProcess.StartAsync(new ChildProcessSpec("redis-server", binary, arguments, runId) { WorkingDirectory = directory });
            try
            {
                await process.WaitForLineAsync(line => line.Contains("Ready to accept connections", StringComparison.Ordinal), TimeSpan.FromSeconds(20), cancellationToken);
                return new RedisServerProcess(process, port);
            }
            catch (ChildProcessException) when (attempt < 3 && process.HasExited)
            {
                // Most likely the port was taken between our check and its bind: try another.
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
