using System.Diagnostics;

namespace ScaleLab.Agents.Tests.Hosts;

/// <summary>
/// A process a test started (in a network namespace or not): its output kept line by line, waits bounded in time,
/// and killed with its children and reaped on dispose.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private static readonly TimeSpan ReapBound = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<string> _errorLines = [];
    private int _disposed;
    private bool _reaped;

    private HostProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>How the test names it in messages, e.g. <c>agent-a: scalelab agent</c>.</summary>
    public string Name { get; }

    public int Id => _process.Id;

    /// <summary>Whether it has ended (after dispose: whether it was reaped).</summary>
    public bool HasExited => Volatile.Read(ref _disposed) == 1 ? _reaped : _process.HasExited;

    /// <summary>Standard output so far.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _errorLines);
            }
        }
    }

    public static HostProcess Start(string name, string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var host = new HostProcess(process, name);
        process.OutputDataReceived += (_, e) => host.Append(e.Data, error: false);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data, error: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>The first line of standard output or error that contains <paramref name="text"/>, waited for at most <paramref name="timeout"/>.</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan timeout) =>
        WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), $"\"{text}\"", timeout);

    /// <summary>The first line of standard output or error that <paramref name="matches"/> (described as <paramref name="what"/>), waited for at most <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> matches, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var drained = false;
        while (true)
        {
            lock (_gate)
            {
                if (_lines.Concat(_errorLines).FirstOrDefault(matches) is { } found)
                {
                    return found;
                }
            }

            if (_process.HasExited && !drained)
            {
                // Its last lines may still be on their way from the pipes: read them to the end, then look once more.
                drained = true;
                using var drain = new CancellationTokenSource(ReapBound);
                await _process.WaitForExitAsync(drain.Token);
                continue;
            }

            if (_process.HasExited || clock.Elapsed > timeout)
            {
                var why = _process.HasExited ? $"exited ({_process.ExitCode})" : $"said nothing like it in {timeout.TotalSeconds:0} s";
                throw new TimeoutException($"{Name}: waited for {what} but it {why}; stdout: {Output}; stderr: {Error}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits at most <paramref name="timeout"/> for the process to end, then returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var bound = new CancellationTokenSource(timeout);
        try
        {
            // Also waits until both outputs are read to their end.
            await _process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name}: still running after {timeout.TotalSeconds:0} s; stdout: {Output}; stderr: {Error}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process and its children (if still running) and reaps them, bounded in time.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _reaped = _process.WaitForExit(ReapBound);
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
            _reaped = true;
        }

        _process.Dispose();
    }

    private void Append(string? line, bool error)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (error)
            {
                _errorLines.Add(line);
            }
            else
            {
                _lines.Add(line);
            }
        }
    }
}
