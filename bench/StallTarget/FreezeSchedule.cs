using System.Diagnostics;

namespace ScaleLab.Bench.StallTarget;

/// <summary>
/// A periodic freeze: the target is frozen during [epoch + k·period, epoch + k·period + freeze) for k = 0, 1, 2, …
/// and runs normally the rest of the time (and before the epoch). Phases are computed on the monotonic clock; the
/// epoch is also reported on the wall clock (Unix milliseconds) so that a load generator's wall-clock start can be
/// placed on the same axis.
/// </summary>
public sealed class FreezeSchedule
{
    private readonly long _epochTimestamp;
    private readonly long _periodTicks;
    private readonly long _freezeTicks;

    /// <summary>A schedule whose first freeze starts <paramref name="lead"/> from now.</summary>
    public FreezeSchedule(TimeSpan period, TimeSpan freeze, TimeSpan lead)
    {
        if (period <= TimeSpan.Zero || freeze < TimeSpan.Zero || freeze >= period || lead < TimeSpan.Zero)
        {
            throw new ArgumentException("need 0 <= freeze < period and lead >= 0");
        }

        Period = period;
        Freeze = freeze;
        // Read both clocks back to back; the wall clock is only used to report the epoch.
        var wallNow = DateTimeOffset.UtcNow;
        var now = Stopwatch.GetTimestamp();
        _epochTimestamp = now + ToTicks(lead);
        _periodTicks = ToTicks(period);
        _freezeTicks = ToTicks(freeze);
        EpochUnixMs = (wallNow + lead - DateTimeOffset.UnixEpoch).TotalMilliseconds;
    }

    /// <summary>The length of one cycle (freeze and normal time).</summary>
    public TimeSpan Period { get; }

    /// <summary>The length of the freeze at the start of each cycle.</summary>
    public TimeSpan Freeze { get; }

    /// <summary>The start of the first freeze, in milliseconds since 1970-01-01 UTC (fractional).</summary>
    public double EpochUnixMs { get; }

    /// <summary>How long a request arriving at <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp) must wait for the freeze to end; zero outside a freeze.</summary>
    public TimeSpan RemainingFreeze(long timestamp)
    {
        var sinceEpoch = timestamp - _epochTimestamp;
        if (sinceEpoch < 0)
        {
            return TimeSpan.Zero;
        }

        var phase = sinceEpoch % _periodTicks;
        return phase < _freezeTicks ? TimeSpan.FromSeconds((_freezeTicks - phase) / (double)Stopwatch.Frequency) : TimeSpan.Zero;
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
