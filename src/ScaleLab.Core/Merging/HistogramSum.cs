using HdrHistogram;
using ScaleLab.Core.Results;

namespace ScaleLab.Core.Merging;

/// <summary>
/// The sum of encoded latency histograms (<c>latencyHistogram</c> fields): adding HdrHistograms of the same buckets
/// adds their counts bucket by bucket, so the percentiles of the sum are those of one histogram that recorded every
/// value; averaging the parts' percentiles would not be.
/// </summary>
internal sealed class HistogramSum
{
    private readonly HistogramBase _sum = LatencyHistograms.Create();

    public long TotalCount => _sum.TotalCount;

    /// <summary>
    /// Adds one part's histogram. A part whose <paramref name="summary"/> shows latencies but has no histogram can't be
    /// added exactly: refused, naming <paramref name="where"/>.
    /// </summary>
    /// <exception cref="MergeException">Latencies without a histogram, or a histogram that does not decode.</exception>
    public void Add(string? encoded, LatencySummary? summary, string where)
    {
        if (encoded is null)
        {
            if (summary is { Max: > 0 })
            {
                throw new MergeException($"{where} has latencies but no latencyHistogram (written by an older ScaleLab?): only results with histograms merge exactly");
            }

            return;
        }

        HistogramBase part;
        try
        {
            part = LatencyHistogramCodec.Decode(encoded);
        }
        catch (FormatException ex)
        {
            throw new MergeException($"{where}: {ex.Message}", ex);
        }

        if (part.HighestTrackableValue > _sum.HighestTrackableValue)
        {
            throw new MergeException($"{where}: its latencyHistogram tracks values up to {part.HighestTrackableValue}, beyond ScaleLab's {_sum.HighestTrackableValue} µs");
        }

        _sum.Add(part);
    }

    /// <summary>Empties the sum for reuse.</summary>
    public void Reset() => _sum.Reset();

    public LatencySummary Summary() => LatencyHistograms.Summarize(_sum);

    /// <summary>The sum encoded as a result's <c>latencyHistogram</c>; null when it holds nothing, as results write it.</summary>
    public string? Encoded() => _sum.TotalCount > 0 ? LatencyHistogramCodec.Encode(_sum) : null;
}
