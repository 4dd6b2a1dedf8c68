namespace ScaleLab.Core.Scaling;

/// <summary>
/// The search for a step's capacity as a state machine, with no clock and no I/O: told whether each rate tried met
/// the objective, it proposes the next rate. First it brackets (from the start rate, ×1.5 while rates pass, ÷1.5
/// while they fail) until one rate passed and a higher one failed; then it bisects until the failing rate is within
/// <see cref="Precision"/> of the passing one. Bounded: at most <see cref="MaxProbes"/> rates are tried.
/// </summary>
/// <example>
/// <code>
/// var search = new CapacitySearch(startRate: 400);
/// while (search.Next is { } rate) search.Record(rate, passed: Measure(rate));
/// var capacity = search.Capacity; // the highest rate that passed, 0 when none did
/// </code>
/// </example>
public sealed class CapacitySearch
{
    /// <summary>How close the highest passing and lowest failing rates must be at the end: 5 %.</summary>
    public const double DefaultPrecision = 0.05;

    /// <summary>The most rates tried for one step unless told otherwise.</summary>
    public const int DefaultMaxProbes = 12;

    /// <summary>The factor by which bracketing moves: big enough to bracket in a few probes from a good start, small enough not to overshoot far.</summary>
    public const double BracketFactor = 1.5;

    /// <summary>A search starting at <paramref name="startRate"/> per second, never below <paramref name="minRate"/> nor above <paramref name="maxRate"/>.</summary>
    public CapacitySearch(double startRate, double precision = DefaultPrecision, double minRate = 1, double maxRate = 1_000_000, int maxProbes = DefaultMaxProbes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRate, minRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(precision);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxProbes);
        Start = Math.Clamp(startRate, minRate, maxRate);
        Precision = precision;
        MinRate = minRate;
        MaxRate = maxRate;
        MaxProbes = maxProbes;
    }

    /// <summary>The first rate tried.</summary>
    public double Start { get; }

    /// <summary>The relative gap between passing and failing rates at which the search ends.</summary>
    public double Precision { get; }

    /// <summary>The lowest rate tried: below it, the capacity is reported as 0.</summary>
    public double MinRate { get; }

    /// <summary>The highest rate tried: a target that passes it has at least this capacity.</summary>
    public double MaxRate { get; }

    /// <summary>The most rates tried.</summary>
    public int MaxProbes { get; }

    /// <summary>Rates tried so far.</summary>
    public int Probes { get; private set; }

    /// <summary>The highest rate that met the objective; null while none did.</summary>
    public double? HighestPassed { get; private set; }

    /// <summary>The lowest rate that missed the objective; null while none did.</summary>
    public double? LowestFailed { get; private set; }

    /// <summary>The capacity found: the highest rate that passed, or 0.</summary>
    public double Capacity => HighestPassed ?? 0;

    /// <summary><c>bracketing</c> until a pass and a fail surround the capacity, then <c>bisecting</c>, then <c>done</c>.</summary>
    public string Phase => Next is null ? "done" : HighestPassed is not null && LowestFailed is not null ? "bisecting" : "bracketing";

    /// <summary>The rate to try next; null when the search is over.</summary>
    public double? Next
    {
        get
        {
            if (Probes >= MaxProbes)
            {
                return null;
            }

            switch (HighestPassed, LowestFailed)
            {
                case (null, null):
                    return Start;
                case ({ } passed, null):
                    return passed >= MaxRate ? null : Math.Min(passed * BracketFactor, MaxRate);
                case (null, { } failed):
                    return failed <= MinRate ? null : Math.Max(failed / BracketFactor, MinRate);
                case ({ } passed, { } failed):
                    return failed <= passed * (1 + Precision) ? null : (passed + failed) / 2;
            }
        }
    }

    /// <summary>Records that <paramref name="rate"/> met the objective (<paramref name="passed"/>) or not.</summary>
    public void Record(double rate, bool passed)
    {
        Probes++;
        if (passed)
        {
            HighestPassed = Math.Max(HighestPassed ?? rate, rate);
            // Noise can pass a rate above one that failed: the failure below it no longer bounds the search.
            if (LowestFailed <= HighestPassed)
            {
                LowestFailed = null;
            }
        }
        else
        {
            LowestFailed = Math.Min(LowestFailed ?? rate, rate);
            if (HighestPassed >= LowestFailed)
            {
                HighestPassed = null;
            }
        }
    }
}
