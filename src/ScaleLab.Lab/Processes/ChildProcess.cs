using System.Diagnostics;

namespace ScaleLab.Lab.Processes;

/// <summary>
/// A running child of the lab: its pid, its output (kept in a small ring for error messages, and matched line by line
/// for readiness), its exit, and a stop that asks first (SIGTERM) and insists later (SIGKILL).
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _recent = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();

    private ChildProcess(string role, Process process)
    {
        Role = role;
        _process = process;
        Pid = process.Id;
        process.OutputDataReceived += (_, e) => OnLine(e.Data, _stdoutClosed);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, _stderrClosed);
        process.Exited += (_, _) => OnExited();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            OnExited();
        }
    }

    public string Role { get; }

    public int Pid { get; }

    /// <summary>Completes with the exit code when the process has exited.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    public static async Task<ChildProcess> StartAsync(ChildProcessSpec spec)
    {
        var process = await ProcessLauncher.Shared.StartAsync(spec);
        return new ChildProcess(spec.Role, process);
    }

    /// <summary>Waits for an output line that matches; fails with the recent output when the process exits first or time runs out.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var seen = _recent.FirstOrDefault(match);
            if (seen is not null)
            {
                return seen;
            }

            _waiters.Add((match, found));
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        var finished = await Task.WhenAny(found.Task, _exited.Task, Task.Delay(Timeout.Infinite, timer.Token)).ConfigureAwait(false);
        if (finished == found.Task)
        {
            return await found.Task.ConfigureAwait(false);
        }

        lock (_lock)
        {
            _waiters.RemoveAll(w => w.Found == found);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var why = finished == _exited.Task ? $"exited with code {_exited.Task.Result}" : $"was not ready after {timeout.TotalSeconds:0} s";
        throw new ChildProcessException($"{Role} (pid {Pid}) {why}{FormatRecent()}");
    }

    /// <summary>The last lines the process wrote (stdout and stderr interleaved).</summary>
    public IReadOnlyList<string> RecentOutput()
    {
        lock (_lock)
        {
            return [.. _recent];
        }
    }

    /// <summary>Writes a line to the process's standard input (a control protocol: the standalone balancer's <c>--control</c>).</summary>
    public async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Signal(int signal) => PosixNative.Signal(Pid, signal);

    /// <summary>SIGTERM, then SIGKILL if the process is still there after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (HasExited)
        {
            return;
        }

        Signal(PosixNative.SigTerm);
        if (await Task.WhenAny(_exited.Task, Task.Delay(grace)).ConfigureAwait(false) != _exited.Task)
        {
            Signal(PosixNative.SigKill);
            await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _process.Dispose();
    }

    private string FormatRecent()
    {
        var lines = RecentOutput().TakeLast(10).ToArray();
        return lines.Length == 0 ? "" : ":\n  " + string.Join("\n  ", lines);
    }

    private void OnLine(string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        List<TaskCompletionSource<string>>? matched = null;
        lock (_lock)
        {
            _recent.Enqueue(line);
            if (_recent.Count > KeptLines)
            {
                _recent.Dequeue();
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    (matched ??= []).Add(_waiters[i].Found);
                    _waiters.RemoveAt(i);
                }
            }
        }

        matched?.ForEach(found => found.TrySetResult(line));
    }

    private void OnExited() => _ = CompleteExitAsync();

    private async Task CompleteExitAsync()
    {
        // Let the output pumps reach the end of both pipes, so that a crash message is in the recent lines when the
        // exit is reported; bounded, because a grandchild (a PostgreSQL backend) may hold a pipe open a little longer.
        await Task.WhenAny(Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task), Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        int code;
        try
        {
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        _exited.TrySetResult(code);
    }
}
