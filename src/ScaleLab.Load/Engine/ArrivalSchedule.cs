namespace ScaleLab.Load.Engine;

/// <summary>
/// The intended send times of the open model, as offsets from the start in timestamp ticks. Uniform arrivals are
/// computed from the index so that rounding never accumulates; Poisson arrivals add exponential gaps from a seeded
/// generator so that a run can be repeated.
/// </summary>
internal sealed class ArrivalSchedule
{
    private readonly double _ticksPerArrival;
    private readonly Random? _random;
    private double _poissonOffset;

    public ArrivalSchedule(double rate, ArrivalProcess process, long ticksPerSecond, int seed)
    {
        _ticksPerArrival = ticksPerSecond / rate;
        _random = process == ArrivalProcess.Poisson ? new Random(seed) : null;
    }

    /// <summary>The offset of arrival <paramref name="index"/>; must be called with 0, 1, 2, … in order.</summary>
    public long OffsetOf(long index)
    {
        if (_random is null)
        {
            return (long)(index * _ticksPerArrival);
        }

        if (index > 0)
        {
            // Inverse-CDF sampling of an exponential gap; 1 - NextDouble() is in (0, 1], so the log is finite.
            _poissonOffset += -Math.Log(1 - _random.NextDouble()) * _ticksPerArrival;
        }

        return (long)_poissonOffset;
    }
}
