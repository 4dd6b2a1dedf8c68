using System.Globalization;

namespace ScaleLab.Bench.StallTarget;

/// <summary>Counts the requests to the frozen endpoint and when they arrived (wall clock), to check a load's alignment.</summary>
public sealed class ArrivalStats
{
    private readonly Lock _lock = new();
    private long _requests;
    private long _frozen;
    private double _firstUnixMs = double.NaN;
    private double _lastUnixMs = double.NaN;

    /// <summary>Records one arrival now; <paramref name="frozen"/> when it arrived during a freeze.</summary>
    public void Record(bool frozen)
    {
        var now = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;
        lock (_lock)
        {
            _requests++;
            if (frozen)
            {
                _frozen++;
            }

            if (double.IsNaN(_firstUnixMs))
            {
                _firstUnixMs = now;
            }

            _lastUnixMs = now;
        }
    }

    /// <summary>Forgets every arrival so far.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _requests = 0;
            _frozen = 0;
            _firstUnixMs = double.NaN;
            _lastUnixMs = double.NaN;
        }
    }

    /// <summary>The counts as a JSON object (null times before the first arrival).</summary>
    public string ToJson()
    {
        lock (_lock)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $$"""{"requests":{{_requests}},"frozen":{{_frozen}},"firstArrivalUnixMs":{{Format(_firstUnixMs)}},"lastArrivalUnixMs":{{Format(_lastUnixMs)}}}""");
        }
    }

    private static string Format(double value) =>
        double.IsNaN(value) ? "null" : value.ToString("F3", CultureInfo.InvariantCulture);
}
