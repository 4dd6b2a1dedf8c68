namespace ScaleLab.Load.Engine;

/// <summary>
/// The load a staged run asks for at each moment, as offsets from the window's start in timestamp ticks: the
/// stages as linear segments from the start value through each stage's target.
/// </summary>
/// <remarks>
/// Closed model, as k6's ramping-vus: over a segment from a to b users lasting D, the user count changes by one at
/// each D / |b − a|, so at τ into the segment it is a ± ⌊|b − a| · τ / D⌋; users are numbered from 0 and user u is
/// active while the count exceeds u (a ramp down retires the highest numbers first, each after its request).
/// Open model, as ramping-arrival-rate: the rate r(t) is linear within a segment and arrival k is due when the
/// expected arrivals Λ(t) = ∫₀ᵗ r reach k (uniform), or reach the k-th sum of unit exponential gaps (Poisson, by the
/// time-rescaling theorem), so that a ramp of any shape gets exactly the arrivals its rate integrates to.
/// </remarks>
internal sealed class StageProfile
{
    private readonly Segment[] _segments;
    private readonly double _ticksPerSecond;

    public StageProfile(double start, IReadOnlyList<LoadStage> stages, long ticksPerSecond)
    {
        _ticksPerSecond = ticksPerSecond;
        _segments = new Segment[stages.Count];
        long at = 0;
        var from = start;
        double arrivals = 0;
        for (var i = 0; i < stages.Count; i++)
        {
            var ticks = (long)(stages[i].Duration.TotalSeconds * ticksPerSecond);
            var segment = new Segment(at, at + ticks, from, stages[i].Target, arrivals);
            _segments[i] = segment;
            arrivals += segment.Arrivals(ticks, ticksPerSecond);
            at += ticks;
            from = stages[i].Target;
        }

        TotalTicks = at;
        TotalArrivals = arrivals;
    }

    /// <summary>The stages' total length in ticks.</summary>
    public long TotalTicks { get; }

    /// <summary>Open model: the expected arrivals of the whole run, Λ at its end.</summary>
    public double TotalArrivals { get; }

    /// <summary>The number of stages.</summary>
    public int Count => _segments.Length;

    /// <summary>The stage running at <paramref name="offset"/>, from 1; the last one from its end on.</summary>
    public int StageAt(long offset)
    {
        for (var i = 0; i < _segments.Length; i++)
        {
            if (offset < _segments[i].End)
            {
                return i + 1;
            }
        }

        return _segments.Length;
    }

    /// <summary>The load asked for at <paramref name="offset"/>: users or arrivals per second, on the straight line.</summary>
    public double ValueAt(long offset)
    {
        foreach (var segment in _segments)
        {
            if (offset < segment.End)
            {
                return segment.From + ((segment.To - segment.From) * Math.Max(0, offset - segment.Start) / (segment.End - segment.Start));
            }
        }

        return _segments[^1].To;
    }

    /// <summary>Closed model: the users active at <paramref name="offset"/> (see the remarks).</summary>
    public int UsersAt(long offset)
    {
        foreach (var segment in _segments)
        {
            if (offset < segment.End)
            {
                var from = (long)segment.From;
                var change = (long)segment.To - from;
                var done = (long)((Int128)Math.Abs(change) * Math.Max(0, offset - segment.Start) / (segment.End - segment.Start));
                return (int)(from + (Math.Sign(change) * done));
            }
        }

        return (int)_segments[^1].To;
    }

    /// <summary>
    /// Closed model: the first moment at or after <paramref name="offset"/> when user <paramref name="user"/>
    /// (numbered from 0) is active; null when it never is again.
    /// </summary>
    public long? NextActiveAt(int user, long offset)
    {
        if (UsersAt(offset) > user)
        {
            return offset;
        }

        foreach (var segment in _segments)
        {
            if (segment.End <= offset && segment.End != segment.Start)
            {
                continue;
            }

            if (segment.End == segment.Start)
            {
                // A jump: from its moment on the next segment starts at its target.
                if (segment.Start > offset && segment.To > user)
                {
                    return segment.Start;
                }

                continue;
            }

            var from = Math.Max(offset, segment.Start);
            if (UsersAt(from) > user)
            {
                return from;
            }

            var a = (long)segment.From;
            var b = (long)segment.To;
            if (b > a && b > user)
            {
                // The count reaches user + 1 after (user + 1 − a) of its |b − a| steps, each D / |b − a| long.
                var steps = (Int128)(user + 1 - a);
                var duration = (Int128)(segment.End - segment.Start);
                var at = segment.Start + (long)(((steps * duration) + (b - a) - 1) / (b - a));
                return Math.Max(at, from);
            }
        }

        return null;
    }

    /// <summary>Open model: the expected arrivals Λ up to <paramref name="offset"/>.</summary>
    public double ArrivalsBy(long offset)
    {
        foreach (var segment in _segments)
        {
            if (offset < segment.End)
            {
                return segment.ArrivalsBefore + segment.Arrivals(Math.Max(0, offset - segment.Start), _ticksPerSecond);
            }
        }

        return TotalArrivals;
    }

    /// <summary>
    /// Open model: the offset at which the expected arrivals reach <paramref name="arrivals"/> (Λ⁻¹), or
    /// <see cref="long.MaxValue"/> when the stages never ask for that many.
    /// </summary>
    public long OffsetOfArrival(double arrivals)
    {
        foreach (var segment in _segments)
        {
            var inSegment = segment.Arrivals(segment.End - segment.Start, _ticksPerSecond);
            if (inSegment > 0 && arrivals <= segment.ArrivalsBefore + inSegment)
            {
                // Solves a·τ + k·τ²/2 = Δ for τ in the form that stays exact as the slope k goes to 0.
                var delta = Math.Max(0, arrivals - segment.ArrivalsBefore);
                var seconds = (segment.End - segment.Start) / _ticksPerSecond;
                var slope = (segment.To - segment.From) / seconds;
                var root = Math.Sqrt(Math.Max(0, (segment.From * segment.From) + (2 * slope * delta)));
                var denominator = segment.From + root;
                var tau = denominator > 0 ? Math.Min(seconds, 2 * delta / denominator) : 0;
                return segment.Start + (long)(tau * _ticksPerSecond);
            }
        }

        return long.MaxValue;
    }

    /// <summary>One stage as a straight line from <see cref="From"/> at <see cref="Start"/> to <see cref="To"/> at <see cref="End"/>.</summary>
    private readonly record struct Segment(long Start, long End, double From, double To, double ArrivalsBefore)
    {
        /// <summary>The expected arrivals in the first <paramref name="ticks"/> of the segment: the area under the rate.</summary>
        public double Arrivals(long ticks, double ticksPerSecond)
        {
            if (End == Start)
            {
                return 0;
            }

            var tau = ticks / ticksPerSecond;
            var seconds = (End - Start) / ticksPerSecond;
            return (From * tau) + ((To - From) * tau * tau / (2 * seconds));
        }
    }
}
