using System.Globalization;
using System.Text;

namespace ScaleLab.Lab.Service;

/// <summary>A Prometheus histogram of durations in seconds: fixed buckets, lock-free updates.</summary>
internal sealed class LatencyHistogram
{
    /// <summary>Upper bounds in seconds: 1 ms to 10 s, dense where a replica's latency lives (10 to 100 ms).</summary>
    public static readonly double[] Bounds = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly long[] _buckets = new long[Bounds.Length];
    private long _count;
    private long _sumTicks;

    public long Count => Interlocked.Read(ref _count);

    public TimeSpan Sum => TimeSpan.FromTicks(Interlocked.Read(ref _sumTicks));

    public void Record(TimeSpan duration)
    {
        var seconds = duration.TotalSeconds;
        var index = Array.BinarySearch(Bounds, seconds);
        if (index < 0)
        {
            index = ~index;
        }

        if (index < _buckets.Length)
        {
            Interlocked.Increment(ref _buckets[index]);
        }

        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumTicks, duration.Ticks);
    }

    /// <summary>Writes the _bucket (cumulative), _sum and _count lines; <paramref name="labels"/> is "" or "name=\"value\",…".</summary>
    public void WriteTo(StringBuilder text, string name, string labels)
    {
        var separator = labels.Length == 0 ? string.Empty : ",";
        long cumulative = 0;
        for (var i = 0; i < Bounds.Length; i++)
        {
            cumulative += Interlocked.Read(ref _buckets[i]);
            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels}{separator}le=\"{Bounds[i]}\"}} {cumulative}\n");
        }

        var count = Count;
        text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels}{separator}le=\"+Inf\"}} {count}\n");
        var braces = labels.Length == 0 ? string.Empty : $"{{{labels}}}";
        text.Append(CultureInfo.InvariantCulture, $"{name}_sum{braces} {Sum.TotalSeconds:R}\n");
        text.Append(CultureInfo.InvariantCulture, $"{name}_count{braces} {count}\n");
    }
}
