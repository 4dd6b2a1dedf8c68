using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ScaleLab.Load.Tests.Diagnosis;

/// <summary>
/// In-process Kestrel targets whose bottleneck is known, built from waiting rather than CPU work so that they
/// behave the same on a busy two-core machine.
/// </summary>
internal static class DiagnosisTargets
{
    /// <summary>Slow for everyone, and no slower under load: 300 ms of waiting, nothing shared.</summary>
    public static Task<KestrelTarget> SlowHandlerAsync() => KestrelTarget.StartAsync(app => app.MapGet("/", async () =>
    {
        await Task.Delay(300);
        return "slow";
    }));

    /// <summary>One global lock around 5 ms of waiting: at most 200 requests a second, whatever the users, with the CPU idle.</summary>
    public static Task<KestrelTarget> GlobalLockAsync()
    {
        var gate = new SemaphoreSlim(1);
        return KestrelTarget.StartAsync(app => app.MapGet("/", async () =>
        {
            await gate.WaitAsync();
            try
            {
                await Task.Delay(5);
            }
            finally
            {
                gate.Release();
            }

            return "locked";
        }));
    }

    /// <summary>
    /// Work that grows with the requests in flight, as coordination among them would: 20 ms + 1 ms × n² for n in
    /// flight, so R(N) = 20 + N² ms and X(N) = N / R(N) peaks near N* = √20 ≈ 4.5 (111 req/s at 4) and falls to 58
    /// req/s at 16: the USL with σ = κ = 1/21 ≈ 0.048. Tens of milliseconds, so that a timer a few milliseconds late on
    /// a busy machine (Task.Delay(4 ms) takes 6 to 10) barely bends the curve, and a fall by half, far from noise.
    /// </summary>
    public static Task<KestrelTarget> CrossTalkAsync()
    {
        var inFlight = 0;
        return KestrelTarget.StartAsync(app => app.MapGet("/", async () =>
        {
            var n = Interlocked.Increment(ref inFlight);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 + n * n));
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }

            return "coordinated";
        }));
    }

    /// <summary>
    /// Pure parallel waiting: 20 ms each, nothing shared, so N users get N times the throughput (800 req/s at 16, a
    /// load the in-process generator and server carry on a fraction of one busy core).
    /// </summary>
    public static Task<KestrelTarget> ParallelWaitAsync() => KestrelTarget.StartAsync(app => app.MapGet("/", async () =>
    {
        await Task.Delay(20);
        return Results.Text("waited");
    }));
}
