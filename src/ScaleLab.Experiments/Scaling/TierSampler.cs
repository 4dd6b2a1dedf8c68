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
    private readonly List<(ScaledProcess Tier, WatchWindow Window)> _windows = [];
    private readonly WatchWindow _machine;

    private TierSampler(IReadOnlyList<ScaledProcess> processes, TimeProvider time)
    {
        var tiers = processes.Append(new ScaledProcess("generator", "generator", Environment.ProcessId)).GroupBy(p => p.Name);
        foreach (var tier in tiers)
        {
            try
            {
                var pids = tier.Select(p => p.Pid).Distinct().ToArray();
                var watcher = tier.Any(p => p.WithDescendants) ? ProcessWatcher.CreateWithDescendants(pids, time) : ProcessWatcher.Create(pids, [], time);
                _windows.Add((tier.First(), watcher.Begin()));
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
        foreach (var (tier, window) in _windows)
        {
            var usage = await window.EndAsync();
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
            });
        }

        var machine = await _machine.EndAsync();
        return (tiers, machine.MachineCpuPercent);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, window) in _windows)
        {
            await window.DisposeAsync();
        }

        await _machine.DisposeAsync();
    }
}
