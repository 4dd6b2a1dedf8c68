using System.Diagnostics;

namespace ScaleLab.Lab.Tests.Support;

/// <summary>A small closed-model load: N clients, each sending its next request when the last one answered, for a fixed time.</summary>
internal static class ClosedLoop
{
    /// <summary>Runs <paramref name="clients"/> loops of <paramref name="request"/> for <paramref name="duration"/>; returns successful requests per second.</summary>
    public static async Task<double> ThroughputAsync(int clients, TimeSpan duration, Func<int, Task<bool>> request)
    {
        var stopwatch = Stopwatch.StartNew();
        // Task.Run: the clients' continuations run on the thread pool, not on xunit's synchronisation context, which
        // funnels every continuation of a test through as many threads as there are cores and would be the bottleneck.
        var counts = await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var ok = 0;
            while (stopwatch.Elapsed < duration)
            {
                if (await request(client))
                {
                    ok++;
                }
            }

            return ok;
        })));
        return counts.Sum() / stopwatch.Elapsed.TotalSeconds;
    }
}
