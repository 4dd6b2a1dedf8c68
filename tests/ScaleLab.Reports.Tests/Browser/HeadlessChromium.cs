using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ScaleLab.Reports.Tests.Browser;

/// <summary>
/// Debian's Chromium, headless, driven through the DevTools protocol over one WebSocket: a small hand-written client
/// (JSON commands with ids, events collected) instead of a browser-automation package, because it needs nothing
/// downloaded and speaks to the system's browser as it is. One browser serves every test of a class; each page is a
/// fresh tab. Disposing kills the browser's whole process tree and deletes its profile.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly ClientWebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private readonly Dictionary<int, TaskCompletionSource<JsonObject>> _pending = [];
    private readonly List<Action<string, JsonObject, string?>> _listeners = [];
    private readonly Lock _gate = new();
    private int _nextId;

    private HeadlessChromium(Process process, ClientWebSocket socket, string profile)
    {
        _process = process;
        _socket = socket;
        Profile = profile;
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>The browser's profile folder: unique to this instance, so its processes can be told from any other browser's.</summary>
    public string Profile { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts the browser; fails with one clear sentence when Chromium is not installed.</summary>
    public static async Task<HeadlessChromium> StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"{Executable} is missing: the report tests open every report in headless Chromium. Install Debian's chromium (apt-get install chromium); ./test.sh installs it when missing.");
        }

        var profile = Directory.CreateTempSubdirectory("scalelab-chromium-").FullName;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--remote-debugging-port=0",
            "--remote-allow-origins=*", $"--user-data-dir={profile}", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start");
        // Chromium's chatter on stderr (D-Bus, GPU) must be drained, or a full pipe would stall it.
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var endpoint = await EndpointAsync(profile, process);
            var socket = new ClientWebSocket();
            using var timeout = new CancellationTokenSource(StartTimeout);
            await socket.ConnectAsync(endpoint, timeout.Token);
            return new HeadlessChromium(process, socket, profile);
        }
        catch
        {
            Kill(process);
            DeleteProfile(profile);
            throw;
        }
    }

    /// <summary>Opens <paramref name="file"/> in a new tab and waits for its load event.</summary>
    public async Task<BrowserPage> OpenAsync(string file, int width = 1280, int height = 900)
    {
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var targetId = target["targetId"]!.GetValue<string>();
        var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = targetId, ["flatten"] = true });
        var page = new BrowserPage(this, targetId, attached["sessionId"]!.GetValue<string>());
        lock (_gate)
        {
            _listeners.Add(page.OnEvent);
        }

        foreach (var domain in new[] { "Page.enable", "Runtime.enable", "Log.enable", "Network.enable" })
        {
            await page.SendAsync(domain);
        }

        await page.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        var loaded = page.LoadEvent;
        await page.SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(file).AbsoluteUri });
        await loaded.WaitAsync(CommandTimeout);
        return page;
    }

    internal async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, string? sessionId = null)
    {
        var completion = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_gate)
        {
            id = ++_nextId;
            _pending[id] = completion;
        }

        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }

        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token);
        return await completion.Task.WaitAsync(CommandTimeout);
    }

    internal void Forget(BrowserPage page)
    {
        lock (_gate)
        {
            _listeners.Remove(page.OnEvent);
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                Dispatch(JsonNode.Parse(message.ToArray())!.AsObject());
                message.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The browser went away or the client is closing: pending commands fail below.
        }

        lock (_gate)
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new InvalidOperationException("the browser closed its DevTools connection"));
            }

            _pending.Clear();
        }
    }

    private void Dispatch(JsonObject message)
    {
        if (message["id"] is { } idNode)
        {
            TaskCompletionSource<JsonObject>? completion;
            lock (_gate)
            {
                _pending.Remove(idNode.GetValue<int>(), out completion);
            }

            if (message["error"] is { } error)
            {
                completion?.TrySetException(new InvalidOperationException($"DevTools: {error.ToJsonString()}"));
            }
            else
            {
                completion?.TrySetResult(message["result"]?.AsObject() ?? []);
            }

            return;
        }

        if (message["method"]?.GetValue<string>() is { } method)
        {
            Action<string, JsonObject, string?>[] listeners;
            lock (_gate)
            {
                listeners = [.. _listeners];
            }

            var parameters = message["params"]?.AsObject() ?? [];
            var session = message["sessionId"]?.GetValue<string>();
            foreach (var listener in listeners)
            {
                listener(method, parameters, session);
            }
        }
    }

    /// <summary>
    /// The browser's DevTools address: with port 0 it picks a free port and writes it, with the browser's WebSocket
    /// path, into DevToolsActivePort in its profile.
    /// </summary>
    private static async Task<Uri> EndpointAsync(string profile, Process process)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Executable} exited at start (exit code {process.ExitCode})");
            }

            if (File.Exists(file))
            {
                var lines = (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).ToArray();
                if (lines.Length >= 2)
                {
                    return new Uri($"ws://127.0.0.1:{lines[0]}{lines[1]}");
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{Executable} did not open its DevTools port within {StartTimeout.TotalSeconds} s");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await SendAsync("Browser.close").WaitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or TimeoutException or WebSocketException)
        {
            // Closing politely failed: the kill below does it.
        }

        await _stop.CancelAsync();
        Kill(_process);
        // A helper that outlived the browser (orphaned while it closed) still names this instance's own profile:
        // those, and only those, are ended too, by their ids.
        foreach (var pid in ProcessesUsing(Profile))
        {
            try
            {
                using var orphan = Process.GetProcessById(pid);
                Kill(orphan);
            }
            catch (ArgumentException)
            {
                // It ended meanwhile.
            }
        }

        _socket.Dispose();
        await _reader.ConfigureAwait(false);
        _process.Dispose();
        _stop.Dispose();
        DeleteProfile(Profile);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void DeleteProfile(string profile)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                Directory.Delete(profile, recursive: true);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException)
            {
                // A child process may still be flushing into the profile for a moment after the kill.
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>The processes whose command line names <paramref name="profile"/>: the browser and every helper it started.</summary>
    public static IReadOnlyList<int> ProcessesUsing(string profile)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(profile, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }
}
