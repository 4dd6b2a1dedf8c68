using System.Security.Cryptography;

namespace ScaleLab.Lab.Capacity;

/// <summary>
/// Real CPU work of a fixed CPU time: SHA-256 over a small buffer, again and again, until the thread has spent the
/// time on a core. The last digest is kept so the JIT cannot drop the loop.
/// </summary>
internal static class CpuWork
{
    private static long _sink;

    /// <summary>Spins for <paramref name="cpuTime"/> of this thread's CPU time and returns the CPU time actually spent.</summary>
    public static TimeSpan Spin(TimeSpan cpuTime)
    {
        if (cpuTime <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        Span<byte> buffer = stackalloc byte[64];
        Span<byte> digest = stackalloc byte[32];
        var start = ThreadCpuClock.Now();
        var spent = TimeSpan.Zero;
        while (spent < cpuTime)
        {
            // A few microseconds of hashing between clock reads, so the clock call itself (~50 ns) stays negligible.
            for (var i = 0; i < 8; i++)
            {
                SHA256.HashData(buffer, digest);
                digest.CopyTo(buffer);
            }

            spent = ThreadCpuClock.Now() - start;
        }

        Interlocked.Add(ref _sink, BitConverter.ToInt64(digest));
        return spent;
    }
}
