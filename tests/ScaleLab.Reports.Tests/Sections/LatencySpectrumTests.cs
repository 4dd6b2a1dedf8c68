using ScaleLab.Core.Results;
using ScaleLab.Reports.Sections;

namespace ScaleLab.Reports.Tests.Sections;

public sealed class LatencySpectrumTests
{
    [Fact]
    public void Decode_TheEncodingOfARun_GivesBackItsCounts()
    {
        var run = ReportSamples.Run();

        var histogram = LatencySpectrum.Decode(run.LatencyHistogram);

        Assert.NotNull(histogram);
        Assert.Equal(6000, histogram.TotalCount);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]
    [InlineData("HISTFAAAACl4nJNpmSzMwMDAxIAKGMEEm0wXAA==")]
    public void Decode_Damaged_ReturnsNullSoTheSummaryStandsIn(string base64)
    {
        Assert.Null(LatencySpectrum.Decode(base64));
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrows()
    {
        var random = new Random(11);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(1, 200)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length >= 4)
            {
                // Half of them start with the compressed histogram's cookie, so that the decoder reads further in.
                bytes[0] = 0x1c; bytes[1] = 0x84; bytes[2] = 0x93; bytes[3] = 0x14;
            }

            var histogram = LatencySpectrum.Decode(Convert.ToBase64String(bytes));

            Assert.True(histogram is null || histogram.TotalCount >= 0);
        }
    }

    [Fact]
    public void Of_RunWithDamagedHistogram_DrawsFromTheSummary()
    {
        var run = ReportSamples.Run() with { LatencyHistogram = "AAAA" };

        var chart = LatencySpectrum.Of(run);

        Assert.NotNull(chart);
        Assert.Contains("summary", chart.Caption, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_ClosedRunWithoutLatency_DrawsNothing()
    {
        var run = ReportSamples.Run() with { LatencyHistogram = null, LatencyMs = LatencySummary.Empty, UncorrectedLatencyMs = null };

        Assert.Null(LatencySpectrum.Of(run));
    }
}
