using ScaleLab.Core.Scaling;
using ScaleLab.Load.Diagnosis;

namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// Samples every tier's CPU and memory over one window: one <see cref="ProcessWatcher"/> per tier name (a tier may be
/// several processes, such as a database server and its backends, those forked during the window included), the load
/// generator (this process) as a tier of its own, and the machine.
/// </summary>
internal sealed class TierSampler : IAsyncDisposable
{
    private readonly List<(ScaledProcess Tier, ProcessWatcher Watcher, WatchWindow Window, Dictionary<int, long> Waited)> _windows = [];
    private readonly WatchWindow _machine;
    private readonly TimeProvider _time;
    private readonly long _started;

    private TierSampler(IReadOnlyList<ScaledProcess> processes, TimeProvider time)
    {
        _time = time;
        _started = time.GetTimestamp();
        var tiers = processes.Append(new ScaledProcess("generator", "generator", Environment.ProcessId)).GroupBy(p => p.Name);
        foreach (var tier in tiers)
        {
            try
            {
                var pids = tier.Select(p => p.Pid).Distinct().ToArray();
                var watcher = tier.Any(p => p.WithDescendants) ? ProcessWatcher.CreateWithDescendants(pids, time) : ProcessWatcher.Create(pids, [], time);
                var window = watcher.Begin();
                _windows.Add((tier.First(), watcher, window, watcher.Summary().Processes.ToDictionary(p => p.Pid, p => RunQueueWait.Nanoseconds(p.Pid))));
            }
            catch (WatchException)
            {
                // A process gone between the listing and now (a replica being replaced): its tier is left out of this window.
            }
        }

        _machine = ProcessWatcher.MachineOnly(time).Begin();
    }

    public static TierSampler Begin(IReadOnlyList<ScaledProcess> processes, TimeProvider? time = null) => new(processes, time ?? TimeProvider.System);

    /// <summary>Ends the window: every tier's usage, and the machine's busy share (0 to 100).</summary>
    public async Task<(IReadOnlyList<TierUsage> Tiers, double? MachineCpuPercent)> EndAsync()
    {
        var tiers = new List<TierUsage>();
        var seconds = _time.GetElapsedTime(_started).TotalSeconds;
        foreach (var (tier, watcher, window, waited) in _windows)
        {
            var usage = await window.EndAsync();
            // Every process the window saw, those forked during it from no wait at all; one gone keeps nothing.
            var waitNs = watcher.Summary().Processes.Sum(p => Math.Max(0, RunQueueWait.Nanoseconds(p.Pid) - waited.GetValueOrDefault(p.Pid)));
            var percent = usage.CpuPercent ?? 0;
            var allowed = usage.CpuLimit;
            tiers.Add(new TierUsage(
                tier.Name,
                tier.Role,
                Math.Round(percent, 1),
                Math.Round(percent / 100 * (allowed ?? 1), 3),
                Math.Round((usage.RssBytes ?? 0) / 1048576.0, 1))
            {
                AllowedCores = allowed,
                CpuWaitCores = seconds > 0 ? Math.Round(waitNs / 1e9 / seconds, 3) : null,
            });
        }

        var machine = await _machine.EndAsync();
        return (tiers, machine.MachineCpuPercent);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, _, window, _) in _windows)
        {
            await window.DisposeAsync();
        }

        await _machine.DisposeAsync();
    }
}
