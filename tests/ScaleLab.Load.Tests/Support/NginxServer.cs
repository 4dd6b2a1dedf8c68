using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ScaleLab.Load.Tests.Support;

/// <summary>
/// A real nginx (Debian's, at /usr/sbin/nginx) on a free 127.0.0.1 port: one worker, in the foreground, with its
/// configuration, pid file, logs and temporary folders in a folder of its own that disposal removes.
/// </summary>
/// <remarks>
/// It serves <c>/</c> (a 12-byte text, like the benchmark's target), <c>/static/10k.bin</c> (a 10,240-byte file,
/// sent with sendfile) and 404 for anything else. The access log records each request's connection number, so a test
/// can count the connections the client opened.
/// </remarks>
internal sealed class NginxServer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/nginx";
    public const string HelloBody = "hello nginx\n";
    public const int StaticFileBytes = 10 * 1024;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly string _directory;

    private NginxServer(Process process, string directory, Uri uri)
    {
        _process = process;
        _directory = directory;
        Uri = uri;
    }

    public Uri Uri { get; }

    /// <summary>Starts nginx; <paramref name="extraHttpDirectives"/> go in its <c>http</c> block (e.g. <c>keepalive_requests 10;</c>).</summary>
    /// <param name="extraHttpDirectives">Directives for the <c>http</c> block.</param>
    /// <param name="listenParameters">Parameters of the <c>listen</c> directive, such as <c>http2</c> (h2c only).</param>
    /// <param name="ipv6">Listen on [::1] instead of 127.0.0.1.</param>
    /// <exception cref="InvalidOperationException">nginx is not installed, or did not start: the message says why.</exception>
    public static async Task<NginxServer> StartAsync(string extraHttpDirectives = "", string listenParameters = "", bool ipv6 = false)
    {
        if (!File.Exists(Executable))
        {
            // Not a skip: CI installs nginx (./test.sh), so a missing one is a broken machine, not an optional test.
            throw new InvalidOperationException(
                $"nginx is not installed ({Executable} is missing): run ./test.sh, which installs Debian's nginx-light, or apt-get install nginx-light");
        }

        // A port freed a moment ago can be taken by someone else before nginx binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("scalelab-nginx-").FullName;
            try
            {
                return await TryStartAsync(directory, FreePort.Get(), extraHttpDirectives, listenParameters, ipv6 ? IPAddress.IPv6Loopback : IPAddress.Loopback);
            }
            catch (PortTakenException) when (attempt < 3)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>
    /// The access log once it holds at least <paramref name="expected"/> lines, or after a few seconds: nginx writes a
    /// request's line just after sending its response, so a client can finish a moment before the last line is there.
    /// </summary>
    public async Task<IReadOnlyList<AccessLogEntry>> ReadAccessLogAsync(int expected)
    {
        var path = Path.Combine(_directory, "access.log");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var lines = File.Exists(path) ? await File.ReadAllLinesAsync(path) : [];
            if (lines.Length >= expected || deadline.Elapsed > TimeSpan.FromSeconds(5))
            {
                return [.. lines.Select(AccessLogEntry.Parse)];
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM through nginx itself (it reads the pid file): the master stops its worker and exits.
            using var stop = Process.Start(new ProcessStartInfo(Executable)
            {
                ArgumentList = { "-p", _directory, "-c", Path.Combine(_directory, "nginx.conf"), "-e", Path.Combine(_directory, "error.log"), "-s", "stop" },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            });
            try
            {
                if (stop is not null)
                {
                    await stop.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                }

                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<NginxServer> TryStartAsync(string directory, int port, string extraHttpDirectives, string listenParameters, IPAddress address)
    {
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        var www = Directory.CreateDirectory(Path.Combine(directory, "www", "static")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(www, "10k.bin"), new byte[StaticFileBytes]);
        MakeReadableByAll(directory, Path.Combine(directory, "www"), www);

        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $$"""
            worker_processes 1;
            daemon off;
            master_process on;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events {
                worker_connections 1024;
            }
            http {
                log_format scalelab '$connection $connection_requests $status $request';
                access_log {{directory}}/access.log scalelab;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                default_type application/octet-stream;
                sendfile on;
                {{extraHttpDirectives}}
                server {
                    listen {{host}}:{{port}} {{listenParameters}};
                    root {{directory}}/www;
                    location = / {
                        default_type text/plain;
                        return 200 "hello nginx\n";
                    }
                }
            }
            """));

        var process = Process.Start(new ProcessStartInfo(Executable)
        {
            ArgumentList = { "-p", directory, "-c", config, "-e", Path.Combine(directory, "error.log") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException($"could not start {Executable}");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                var log = ReadErrorLog(directory);
                process.Dispose();
                if (log.Contains("Address already in use", StringComparison.Ordinal))
                {
                    throw new PortTakenException();
                }

                Directory.Delete(directory, recursive: true);
                throw new InvalidOperationException($"nginx exited at start: {log}");
            }

            if (await AcceptsConnectionsAsync(address, port))
            {
                return new NginxServer(process, directory, new Uri($"http://{host}:{port}/"));
            }

            await Task.Delay(50);
        }

        process.Kill(entireProcessTree: true);
        process.Dispose();
        var error = ReadErrorLog(directory);
        Directory.Delete(directory, recursive: true);
        throw new InvalidOperationException($"nginx did not accept connections within {StartTimeout.TotalSeconds:0} s: {error}");
    }

    /// <summary>nginx's worker runs as an unprivileged user when the master is root: it must reach the files.</summary>
    private static void MakeReadableByAll(params string[] directories)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var directory in directories)
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port)).WaitAsync(TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            return false;
        }
    }

    private static string ReadErrorLog(string directory)
    {
        var path = Path.Combine(directory, "error.log");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : "(no error log)";
    }

    private sealed class PortTakenException : Exception;
}

/// <summary>One line of the test nginx's access log.</summary>
internal sealed record AccessLogEntry(long Connection, int RequestOnConnection, int Status, string Request)
{
    public static AccessLogEntry Parse(string line)
    {
        var parts = line.Split(' ', 4);
        return new AccessLogEntry(
            long.Parse(parts[0], CultureInfo.InvariantCulture),
            int.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture),
            parts[3]);
    }
}
