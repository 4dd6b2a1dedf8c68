using ScaleLab.Core.Diagnosis;

namespace ScaleLab.Load.Diagnosis;

/// <summary>
/// One sampling window of a <see cref="ProcessWatcher"/>: CPU time is counted per process from when the window
/// first saw it (or from the process's start, for one started inside the window) to when it last saw it, so a
/// worker that exits midway keeps what it used; memory is the largest total seen at any sample.
/// </summary>
public sealed class WatchWindow : IAsyncDisposable
{
    /// <summary>Name matches are looked for again every this many samples: scanning all of /proc costs more than reading a few files.</summary>
    private const int ResolveEvery = 4;

    private readonly ProcessWatcher _watcher;
    private readonly Lock _lock = new();
    private readonly Dictionary<(int Pid, long Start), (long First, long Last)> _cpu = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly long _startTimestamp;
    private readonly long _startBootTicks;
    private readonly (long IdleTicks, int Cpus)? _machineStart;
    private IReadOnlyList<int> _pids;
    private long _maxRss;
    private int _samples;
    private ResourceUsage? _result;
    private bool _disposed;

    internal WatchWindow(ProcessWatcher watcher, TimeSpan period)
    {
        _watcher = watcher;
        _startTimestamp = watcher.Time.GetTimestamp();
        _startBootTicks = watcher.ReadProc("uptime") is { } uptime && ProcFiles.ParseUptimeSeconds(uptime) is { } seconds
            ? (long)(seconds * watcher.ClockTicksPerSecond)
            : long.MaxValue;
        _machineStart = watcher.ReadProc("stat") is { } stat ? ProcFiles.ParseMachineIdle(stat) : null;
        _pids = watcher.IsWatching ? watcher.Resolve() : [];
        Sample(first: true);
        _sampling = watcher.IsWatching ? SampleAsync(period) : Task.CompletedTask;
    }

    /// <summary>Closes the window and returns what the processes and the machine used during it. Idempotent.</summary>
    public async Task<ResourceUsage> EndAsync()
    {
        if (_result is { } done)
        {
            return done;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        var seconds = _watcher.Time.GetElapsedTime(_startTimestamp).TotalSeconds;
        Sample(first: false);

        double? machine = null;
        if (_machineStart is { } start && seconds > 0 && _watcher.ReadProc("stat") is { } stat && ProcFiles.ParseMachineIdle(stat) is { } end)
        {
            var capacity = seconds * _watcher.ClockTicksPerSecond * end.Cpus;
            machine = Math.Round(Math.Clamp(100 * (1 - (end.IdleTicks - start.IdleTicks) / capacity), 0, 100), 1);
        }

        if (!_watcher.IsWatching)
        {
            return (_result = new ResourceUsage(null, null, null, machine));
        }

        long ticks;
        lock (_lock)
        {
            ticks = _cpu.Values.Sum(c => c.Last - c.First);
        }

        var limit = CpuAllowance.For(_pids, _watcher.ProcRoot, _watcher.CgroupRoot);
        var cpuSeconds = ticks / (double)_watcher.ClockTicksPerSecond;
        var percent = seconds > 0 && limit > 0 ? Math.Round(100 * cpuSeconds / seconds / limit, 1) : 0;
        return (_result = new ResourceUsage(percent, Math.Round(limit, 2), Interlocked.Read(ref _maxRss), machine));
    }

    /// <summary>Stops sampling without a result.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task SampleAsync(TimeSpan period)
    {
        using var timer = new PeriodicTimer(period, _watcher.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                if (++_samples % ResolveEvery == 0)
                {
                    _pids = _watcher.Resolve();
                }

                Sample(first: false);
            }
        }
        catch (OperationCanceledException)
        {
            // The window ended.
        }
    }

    private void Sample(bool first)
    {
        if (!_watcher.IsWatching)
        {
            return;
        }

        long rss = 0;
        foreach (var pid in _pids)
        {
            if (_watcher.ReadProc(pid, "stat") is not { } text || ProcFiles.ParseStat(text) is not { } stat)
            {
                continue; // gone: it keeps what it used until the last sample
            }

            _watcher.Saw(pid, stat.Name);
            rss += _watcher.ReadProc(pid, "status") is { } status ? ProcFiles.ParseRssBytes(status) : 0;
            lock (_lock)
            {
                var key = (pid, stat.StartTicks);
                if (_cpu.TryGetValue(key, out var seen))
                {
                    _cpu[key] = (seen.First, stat.CpuTicks);
                }
                else
                {
                    // A process that started inside the window used all its CPU time inside it.
                    var from = !first && stat.StartTicks >= _startBootTicks ? 0 : stat.CpuTicks;
                    _cpu[key] = (from, stat.CpuTicks);
                }
            }
        }

        if (rss > Interlocked.Read(ref _maxRss))
        {
            Interlocked.Exchange(ref _maxRss, rss);
        }
    }
}
