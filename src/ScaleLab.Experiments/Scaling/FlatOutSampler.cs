using ScaleLab.Core.Scaling;

namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// Every tier's CPU and memory over the last seconds of the warm-up, while it drives the system flat out: the tier
/// that limits throughput is at the cores it may use there. A window opens at each tick (one a second) and only the
/// last <c>seconds</c> are kept, so that what is reported is the stable end of the warm-up, not its cold start.
/// </summary>
internal sealed class FlatOutSampler(IReadOnlyList<ScaledProcess> processes, int seconds, TimeProvider time) : IAsyncDisposable
{
    private readonly Queue<TierSampler> _open = new();
    private readonly List<Task> _closing = [];

    /// <summary>Opens a window now, closing the oldest kept beyond the last <c>seconds</c>.</summary>
    public void Tick()
    {
        if (processes.Count == 0)
        {
            return;
        }

        _open.Enqueue(TierSampler.Begin(processes, time));
        while (_open.Count > Math.Max(1, seconds))
        {
            _closing.Add(_open.Dequeue().DisposeAsync().AsTask());
        }
    }

    /// <summary>The tiers over the oldest window kept (the last <c>seconds</c> ticks); empty when none was opened.</summary>
    public async Task<IReadOnlyList<TierUsage>> EndAsync()
    {
        return _open.TryPeek(out var oldest) ? (await oldest.EndAsync()).Tiers : [];
    }

    public async ValueTask DisposeAsync()
    {
        while (_open.TryDequeue(out var sampler))
        {
            await sampler.DisposeAsync();
        }

        await Task.WhenAll(_closing);
    }
}
