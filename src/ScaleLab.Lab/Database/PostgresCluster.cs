using System.Globalization;
using Npgsql;
using ScaleLab.Lab.Processes;

namespace ScaleLab.Lab.Database;

/// <summary>
/// A throwaway PostgreSQL cluster for one shard: <c>initdb</c> in a temp directory, then <c>postgres</c> itself as a
/// foreground child on a free loopback port (TCP only, no Unix socket), trust authentication for the local
/// <c>scalelab</c> role. The server runs as the <c>postgres</c> account when we are root.
/// </summary>
/// <remarks>
/// The postmaster is started directly rather than through <c>pg_ctl start</c>, which would detach it from us: as our
/// child it gets the parent-death signal (<see cref="ProcessLauncher"/>), and its own backends leave when it dies.
/// It is stopped with SIGINT, PostgreSQL's "fast" shutdown (SIGTERM, the "smart" one, would wait for every pooled
/// client connection to close). fsync is off: the cluster lives as long as the lab and is deleted afterwards.
/// </remarks>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private const int SigInt = 2;
    private const string Role = "scalelab";

    private readonly ChildProcess _postmaster;
    private readonly string _directory;

    private PostgresCluster(ChildProcess postmaster, string directory, int port, int index)
    {
        _postmaster = postmaster;
        _directory = directory;
        Port = port;
        Index = index;
    }

    public int Index { get; }

    public int Port { get; }

    public int Pid => _postmaster.Pid;

    /// <summary>What replicas get as <c>--shard</c>: a pooled Npgsql connection string to this cluster.</summary>
    public string ConnectionString =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username={Role};Database=postgres;Maximum Pool Size=32;Timeout=15");

    /// <summary>Where clusters live: under the system temp directory, which the postgres account can reach.</summary>
    public static string DirectoryFor(string runId, int index) =>
        Path.Combine(Path.GetTempPath(), $"scalelab-lab-pg-{runId}-{index}");

    public static async Task<PostgresCluster> StartAsync(int index, string runId, CancellationToken cancellationToken)
    {
        var bin = PostgresBinaries.Find()
            ?? throw new ChildProcessException("PostgreSQL's server is not installed (Debian: apt-get install postgresql); use --db sqlite, or pass --pg CONNECTION_STRING per shard");
        var account = UnixAccount.ForPostgres();
        var directory = DirectoryFor(runId, index);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        LabPaths.CreatePrivateDirectory(directory);
        account?.Own(directory);
        var data = Path.Combine(directory, "data");

        await using (var initdb = await ChildProcess.StartAsync(new ChildProcessSpec($"initdb (shard {index + 1})", Path.Combine(bin, "initdb"),
            ["-D", data, "-U", Role, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"], runId)
        {
            User = account?.Name,
            WorkingDirectory = directory,
        }))
        {
            var code = await initdb.Exited.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            if (code != 0)
            {
                throw new ChildProcessException($"initdb for shard {index + 1} failed (exit {code}):\n  {string.Join("\n  ", initdb.RecentOutput().TakeLast(8))}");
            }
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPort.GetFree();
            var postmaster = await ChildProcess.StartAsync(new ChildProcessSpec($"postgres (shard {index + 1})", Path.Combine(bin, "postgres"),
            [
                "-D", data,
                "-p", port.ToString(CultureInfo.InvariantCulture),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=",
                "-c", "max_connections=300",
                "-c", "shared_buffers=64MB",
                "-c", "fsync=off",
                "-c", "full_page_writes=off",
                "-c", "logging_collector=off",
                "-c", "log_min_messages=warning",
            ], runId)
            {
                User = account?.Name,
                WorkingDirectory = directory,
            });
            try
            {
                await postmaster.WaitForLineAsync(line => line.Contains("ready to accept connections", StringComparison.Ordinal), TimeSpan.FromSeconds(60), cancellationToken);
                var cluster = new PostgresCluster(postmaster, directory, port, index);
                await cluster.CheckAsync(cancellationToken);
                return cluster;
            }
            catch (ChildProcessException) when (attempt < 3 && postmaster.HasExited)
            {
                await postmaster.DisposeAsync();
            }
            catch
            {
                await postmaster.DisposeAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_postmaster.HasExited)
        {
            _postmaster.Signal(SigInt);
            await _postmaster.StopAsync(TimeSpan.FromSeconds(15));
        }

        await _postmaster.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next lab's clean-up of stale runs.
        }
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
