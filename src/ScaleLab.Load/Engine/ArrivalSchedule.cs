namespace ScaleLab.Load.Engine;

/// <summary>
/// The intended send times of the open model, as offsets from the start in timestamp ticks. Uniform arrivals are
/// computed from the index so that rounding never accumulates; Poisson arrivals add exponential gaps from a seeded
/// generator so that a run can be repeated. With stages the rate varies, and arrival k is due when the expected
/// arrivals reach k, or the k-th sum of unit exponential gaps (see <see cref="StageProfile"/>).
/// </summary>
internal sealed class ArrivalSchedule
{
    private readonly double _ticksPerArrival;
    private readonly StageProfile? _profile;
    private readonly Random? _random;
    private double _poissonOffset;

    public ArrivalSchedule(double rate, ArrivalProcess process, long ticksPerSecond, int seed)
    {
        _ticksPerArrival = ticksPerSecond / rate;
        _random = process == ArrivalProcess.Poisson ? new Random(seed) : null;
    }

    public ArrivalSchedule(StageProfile profile, ArrivalProcess process, int seed)
    {
        _profile = profile;
        _ticksPerArrival = 1;
        _random = process == ArrivalProcess.Poisson ? new Random(seed) : null;
    }

    /// <summary>
    /// The offset of arrival <paramref name="index"/>; must be called with 0, 1, 2, … in order.
    /// <see cref="long.MaxValue"/> when the stages ask for no more arrivals.
    /// </summary>
    public long OffsetOf(long index)
    {
        if (_random is null)
        {
            return _profile is null ? (long)(index * _ticksPerArrival) : _profile.OffsetOfArrival(index);
        }

        if (index > 0)
        {
            // Inverse-CDF sampling of an exponential gap; 1 - NextDouble() is in (0, 1], so the log is finite.
            _poissonOffset += -Math.Log(1 - _random.NextDouble()) * _ticksPerArrival;
        }

        return _profile is null ? (long)_poissonOffset : _profile.OffsetOfArrival(_poissonOffset);
    }
}
