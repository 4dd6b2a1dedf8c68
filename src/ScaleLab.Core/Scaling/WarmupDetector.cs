namespace ScaleLab.Core.Scaling;

/// <summary>
/// Decides when a freshly started server has warmed up, from the throughput of consecutive intervals under a steady
/// load: a .NET server needs tens of seconds of load on a small machine before its JIT and thread pool settle, so
/// rather than wait a fixed time, the warm-up ends once <see cref="Window"/> consecutive intervals agree within
/// <see cref="Tolerance"/> of their mean and the last of them is not still climbing.
/// </summary>
public sealed class WarmupDetector
{
    private readonly List<double> _rates = [];

    /// <summary>Consecutive intervals that must agree: 3.</summary>
    public int Window { get; init; } = 3;

    /// <summary>How far from their mean they may be: 10 %.</summary>
    public double Tolerance { get; init; } = 0.10;

    /// <summary>Intervals seen.</summary>
    public int Intervals => _rates.Count;

    /// <summary>True once the rate is stable.</summary>
    public bool IsStable { get; private set; }

    /// <summary>The mean rate of the stable window (or of the last intervals seen, before it is stable); 0 with none.</summary>
    public double Rate => _rates.Count == 0 ? 0 : _rates.TakeLast(Window).Average();

    /// <summary>Adds one interval's throughput and returns whether the rate is stable now.</summary>
    public bool Add(double rate)
    {
        _rates.Add(Math.Max(0, rate));
        if (!IsStable && _rates.Count >= Window)
        {
            var last = _rates.TakeLast(Window).ToArray();
            var mean = last.Average();
            var climbing = last[^1] > mean * (1 + Tolerance / 2) && last[^1] > last[^2];
            IsStable = mean > 0 && last.All(r => Math.Abs(r - mean) <= Tolerance * mean) && !climbing;
        }

        return IsStable;
    }
}
