using HdrHistogram;
using HdrHistogram.Utilities;

namespace ScaleLab.Core.Results;

/// <summary>
/// Turns a latency histogram into the text of <c>latencyHistogram</c> in a run result and back: base64 of
/// HdrHistogram's compressed encoding, the same bytes as the histogram column of one interval line of an
/// HdrHistogram log (<c>HISTF…</c>), so every HdrHistogram implementation can decode it.
/// </summary>
public static class LatencyHistogramCodec
{
    /// <summary>The compressed, base64-encoded form of <paramref name="histogram"/>.</summary>
    public static string Encode(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = histogram.EncodeIntoCompressedByteBuffer(buffer);
        // The buffer's array is not public; its bytes are, one at a time from a position.
        var bytes = new byte[length];
        buffer.Position = 0;
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }

        return Convert.ToBase64String(bytes);
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote (or any HdrHistogram log's histogram column).</summary>
    /// <exception cref="FormatException">The text is not a compressed HdrHistogram in base64.</exception>
    public static HistogramBase Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(encoded.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException("the latency histogram is not base64");
        }

        try
        {
            var buffer = ByteBuffer.Allocate(bytes);
            return HistogramEncoding.DecodeFromCompressedByteBuffer(buffer, 0);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The decoder throws what its parsing hits first (index, argument, zlib errors): one kind for the caller.
            throw new FormatException($"the latency histogram cannot be decoded: {ex.Message.Split('\n')[0]}");
        }
    }
}
