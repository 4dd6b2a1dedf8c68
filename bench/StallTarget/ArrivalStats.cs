using System.Globalization;

namespace ScaleLab.Bench.StallTarget;

/// <summary>
/// What the target saw of a load: the requests to the frozen endpoint, how many arrived during a freeze, when the
/// first and last arrived (wall clock), and how long the handler really took (its timers fire late on a busy
/// machine), so that a load generator's figures can be checked against the target's own view.
/// </summary>
public sealed class ArrivalStats
{
    private readonly Lock _lock = new();
    private long _requests;
    private long _frozen;
    private double _firstUnixMs = double.NaN;
    private double _lastUnixMs = double.NaN;
    private double _serviceMsSum;
    private double _serviceMsMax;
    private double _resumeLateMsSum;
    private double _resumeLateMsMax;

    /// <summary>Records one arrival now; <paramref name="frozen"/> when it arrived during a freeze.</summary>
    public void Arrived(bool frozen)
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

    /// <summary>
    /// Records how a request was answered: <paramref name="resumeLate"/> is how long after its freeze's end a frozen
    /// request resumed (null for a request that arrived outside a freeze); <paramref name="service"/> is the time
    /// from resuming (or arriving) to the answer.
    /// </summary>
    public void Answered(TimeSpan? resumeLate, TimeSpan service)
    {
        lock (_lock)
        {
            if (resumeLate is { } late)
            {
                _resumeLateMsSum += late.TotalMilliseconds;
                _resumeLateMsMax = Math.Max(_resumeLateMsMax, late.TotalMilliseconds);
            }

            _serviceMsSum += service.TotalMilliseconds;
            _serviceMsMax = Math.Max(_serviceMsMax, service.TotalMilliseconds);
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
            _serviceMsSum = _serviceMsMax = _resumeLateMsSum = _resumeLateMsMax = 0;
        }
    }

    /// <summary>The figures as a JSON object (null where nothing was recorded yet).</summary>
    public string ToJson()
    {
        lock (_lock)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $$"""{"requests":{{_requests}},"frozen":{{_frozen}},"firstArrivalUnixMs":{{Format(_firstUnixMs)}},"lastArrivalUnixMs":{{Format(_lastUnixMs)}},"serviceMsMean":{{Format(_requests == 0 ? double.NaN : _serviceMsSum / _requests)}},"serviceMsMax":{{Format(_serviceMsMax)}},"resumeLateMsMean":{{Format(_frozen == 0 ? double.NaN : _resumeLateMsSum / _frozen)}},"resumeLateMsMax":{{Format(_resumeLateMsMax)}}}""");
        }
    }

    private static string Format(double value) =>
        double.IsNaN(value) ? "null" : value.ToString("F3", CultureInfo.InvariantCulture);
}
