using HdrHistogram;
using ScaleLab.Core.Results;
using ScaleLab.Core.Tests.Comparison;

namespace ScaleLab.Core.Tests.Results;

public sealed class LatencyHistogramCodecTests
{
    [Fact]
    public void Decode_EncodedHistogram_EqualsTheOriginal()
    {
        var original = PercentileTestTests.Histogram(seed: 7, count: 10_000, scaleMicroseconds: 25_000);
        original.RecordValue(LatencyHistograms.HighestMicroseconds);

        var decoded = LatencyHistogramCodec.Decode(LatencyHistogramCodec.Encode(original));

        Assert.Equal(original.TotalCount, decoded.TotalCount);
        Assert.Equal(original.GetMaxValue(), decoded.GetMaxValue());
        Assert.Equal(
            original.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo)),
            decoded.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo)));
        Assert.Equal(LatencyHistograms.Summarize(original), LatencyHistograms.Summarize(decoded));
    }

    [Fact]
    public void Encode_Histogram_StartsAsEveryHdrHistogramLogColumnDoes()
    {
        var encoded = LatencyHistogramCodec.Encode(PercentileTestTests.Histogram(seed: 7, count: 100, scaleMicroseconds: 1000));

        // The compressed encoding's cookie (0x1c849304) in base64: "HISTF" in every HdrHistogram log.
        Assert.StartsWith("HISTF", encoded);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("SGVsbG8gd29ybGQ=")]
    public void Decode_Garbage_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => LatencyHistogramCodec.Decode(text));
    }
}
