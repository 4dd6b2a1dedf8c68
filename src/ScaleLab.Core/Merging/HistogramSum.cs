using HdrHistogram;
using ScaleLab.Core.Results;

namespace ScaleLab.Core.Merging;

/// <summary>
/// The sum of encoded latency histograms (<c>latencyHistogram</c> fields, HdrHistogram log lines): adding
/// HdrHistograms of the same buckets adds their counts bucket by bucket, so the percentiles of the sum are those of
/// one histogram that recorded every value; averaging the parts' percentiles would not be.
/// </summary>
/// <remarks>
/// Every histogram ScaleLab writes has the same buckets (<see cref="LatencyHistograms"/>). A log written by another
/// tool may track a wider range: the sum then widens to hold both, each value added at its bucket's value.
/// </remarks>
internal sealed class HistogramSum
{
    private HistogramBase? _sum;

    public long TotalCount => _sum?.TotalCount ?? 0;

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

        Add(part);
    }

    /// <summary>Adds a decoded histogram.</summary>
    public void Add(HistogramBase part)
    {
        if (_sum is null)
        {
            _sum = new LongHistogram(part.LowestTrackableValue, part.HighestTrackableValue, part.NumberOfSignificantValueDigits);
        }
        else if (part.HighestTrackableValue > _sum.HighestTrackableValue
            || part.LowestTrackableValue < _sum.LowestTrackableValue
            || part.NumberOfSignificantValueDigits > _sum.NumberOfSignificantValueDigits)
        {
            var wider = new LongHistogram(
                Math.Min(part.LowestTrackableValue, _sum.LowestTrackableValue),
                Math.Max(part.HighestTrackableValue, _sum.HighestTrackableValue),
                Math.Max(part.NumberOfSignificantValueDigits, _sum.NumberOfSignificantValueDigits));
            wider.Add(_sum);
            _sum = wider;
        }

        _sum.Add(part);
    }

    /// <summary>Empties the sum for reuse.</summary>
    public void Reset() => _sum?.Reset();

    /// <summary>The percentiles of the sum, in milliseconds (of microsecond values, as ScaleLab records them).</summary>
    public LatencySummary Summary() => _sum is null ? LatencySummary.Empty : LatencyHistograms.Summarize(_sum);

    /// <summary>The sum encoded as a result's <c>latencyHistogram</c>; null when it holds nothing, as results write it.</summary>
    public string? Encoded() => _sum is { TotalCount: > 0 } ? LatencyHistogramCodec.Encode(_sum) : null;

    /// <summary>The sum encoded, empty or not, as a log's interval line needs it; ScaleLab's empty histogram before anything was added.</summary>
    public string EncodedEvenEmpty() => LatencyHistogramCodec.Encode(_sum ?? LatencyHistograms.Create());
}
