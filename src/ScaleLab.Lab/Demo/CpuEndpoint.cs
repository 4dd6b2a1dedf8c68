using System.Diagnostics;

namespace ScaleLab.Lab.Demo;

/// <summary>
/// CPU-bound work: a fixed amount of computing, about 3 ms on an idle core, so that the server's CPU is what runs
/// out under load (saturation). The amount is calibrated once at start rather than spun for 3 ms of wall time:
/// a fixed wall time would cost less CPU as the machine got busier, and hide the saturation it is meant to show.
/// </summary>
internal sealed class CpuEndpoint : IDemoEndpoint
{
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(3);
    private readonly int _rounds = Calibrate();

    public string Path => "/cpu";

    public string Description => "computes for about 3 ms: saturation";

    public Task<string> HandleAsync(CancellationToken cancellationToken) => Task.FromResult($"{Compute(_rounds) & 0xff}\n");

    private static int Calibrate()
    {
        const int Probe = 20_000;
        var best = TimeSpan.MaxValue;
        // The fastest of a few probes: a probe slowed by another process would make each request too cheap.
        for (var i = 0; i < 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Compute(Probe);
            var elapsed = Stopwatch.GetElapsedTime(started);
            best = elapsed < best ? elapsed : best;
        }

        var rounds = Probe * (Target.TotalMilliseconds / Math.Max(best.TotalMilliseconds, 0.001));
        return (int)Math.Clamp(rounds, 1_000, 100_000_000);
    }

    /// <summary>Work the JIT cannot remove: each round depends on the last, and the result is returned.</summary>
    private static ulong Compute(int rounds)
    {
        var x = 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < rounds; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
        }

        return x;
    }
}
