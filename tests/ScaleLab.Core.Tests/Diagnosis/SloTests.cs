using ScaleLab.Core.Diagnosis;

namespace ScaleLab.Core.Tests.Diagnosis;

public sealed class SloTests
{
    [Theory]
    [InlineData("p99=200ms", 99, 200)]
    [InlineData("p90=1.5s", 90, 1500)]
    [InlineData("P50 = 50ms", 50, 50)]
    [InlineData("p95=150ms", 95, 150)]
    [InlineData("p99.9=1s", 99.9, 1000)]
    [InlineData("p99.99=2s", 99.99, 2000)]
    [InlineData("p1=1ms", 1, 1)]
    public void TryParse_ValidObjective_ReadsPercentileAndThreshold(string text, double percentile, double thresholdMs)
    {
        Assert.True(Slo.TryParse(text, out var slo, out var error), error);

        Assert.Equal(percentile, slo.Percentile.Value);
        Assert.Equal(thresholdMs, slo.ThresholdMs, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("p99")]
    [InlineData("p100=200ms")]
    [InlineData("p0=200ms")]
    [InlineData("p-5=200ms")]
    [InlineData("q99=200ms")]
    [InlineData("p=200ms")]
    [InlineData("p99=250")]
    [InlineData("p99=fast")]
    [InlineData("p99=0ms")]
    [InlineData("p99=-5ms")]
    [InlineData("p99=200parsecs")]
    public void TryParse_BadObjective_ReturnsOneLineReason(string text)
    {
        Assert.False(Slo.TryParse(text, out _, out var error));

        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void ValueOf_EachPercentile_PicksItsField()
    {
        var latency = new StepLatency(P50: 10, P90: 20, P99: 30, Max: 40, Mean: 12);

        Assert.Equal(10, new Slo(SloPercentile.P50, 1).ValueOf(latency));
        Assert.Equal(20, new Slo(SloPercentile.P90, 1).ValueOf(latency));
        Assert.Equal(30, new Slo(SloPercentile.P99, 1).ValueOf(latency));
    }

    [Fact]
    public void ValueOf_OtherPercentileRecorded_ReadsTheRecordedValue()
    {
        var p95 = new SloPercentile(95);
        var latency = new StepLatency(P50: 10, P90: 20, P99: 30, Max: 40, Mean: 12).With(p95, 25);

        Assert.Equal(25, new Slo(p95, 1).ValueOf(latency));
        Assert.Equal("p95", new Slo(p95, 1).Name);
    }

    [Fact]
    public void ValueOf_OtherPercentileNotRecorded_Throws()
    {
        var latency = new StepLatency(P50: 10, P90: 20, P99: 30, Max: 40, Mean: 12);

        Assert.Throws<InvalidOperationException>(() => new Slo(new SloPercentile(95), 1).ValueOf(latency));
    }

    [Fact]
    public void Text_Default_RoundTrips()
    {
        Assert.Equal("p99=200ms", Slo.Default.Text);
        Assert.True(Slo.TryParse(Slo.Default.Text, out var parsed, out _));
        Assert.Equal(Slo.Default, parsed);
    }
}
