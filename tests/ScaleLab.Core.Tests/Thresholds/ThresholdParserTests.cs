using ScaleLab.Core.Thresholds;

namespace ScaleLab.Core.Tests.Thresholds;

public sealed class ThresholdParserTests
{
    [Theory]
    [InlineData("p50<200ms", "p50", ThresholdOperator.Less, 200)]
    [InlineData("p90<=1s", "p90", ThresholdOperator.LessOrEqual, 1000)]
    [InlineData("p95<300ms", "p95", ThresholdOperator.Less, 300)]
    [InlineData("p99 < 250us", "p99", ThresholdOperator.Less, 0.25)]
    [InlineData("p99.9<2s", "p99.9", ThresholdOperator.Less, 2000)]
    [InlineData("p999<2s", "p99.9", ThresholdOperator.Less, 2000)]
    [InlineData("p(95)<200ms", "p95", ThresholdOperator.Less, 200)]
    [InlineData("min>=1ms", "min", ThresholdOperator.GreaterOrEqual, 1)]
    [InlineData("mean<10ms", "mean", ThresholdOperator.Less, 10)]
    [InlineData("avg<10ms", "mean", ThresholdOperator.Less, 10)]
    [InlineData("med<5ms", "p50", ThresholdOperator.Less, 5)]
    [InlineData("max<1m", "max", ThresholdOperator.Less, 60_000)]
    [InlineData("P99<200ms", "p99", ThresholdOperator.Less, 200)]
    public void Parse_Latency_ReadsStatisticOperatorAndMilliseconds(string text, string statistic, ThresholdOperator op, double limit)
    {
        var threshold = ThresholdParser.Parse(text);

        Assert.Equal(ThresholdMetric.Latency, threshold.Metric);
        Assert.Equal(statistic, threshold.Statistic);
        Assert.Equal(op, threshold.Operator);
        Assert.Equal(limit, threshold.Limit, 9);
        Assert.Null(threshold.Name);
        Assert.Equal(text, threshold.Text);
    }

    [Theory]
    [InlineData("errors<0.1%", ThresholdMetric.Errors, ThresholdOperator.Less, 0.1)]
    [InlineData("errors <= 5 %", ThresholdMetric.Errors, ThresholdOperator.LessOrEqual, 5)]
    [InlineData("checks>99.9%", ThresholdMetric.Checks, ThresholdOperator.Greater, 99.9)]
    [InlineData("throughput>500", ThresholdMetric.Throughput, ThresholdOperator.Greater, 500)]
    [InlineData("throughput>=500/s", ThresholdMetric.Throughput, ThresholdOperator.GreaterOrEqual, 500)]
    [InlineData("requests>1000", ThresholdMetric.Requests, ThresholdOperator.Greater, 1000)]
    [InlineData("rate-achieved>0.99", ThresholdMetric.RateAchieved, ThresholdOperator.Greater, 0.99)]
    [InlineData("rate-achieved>=99%", ThresholdMetric.RateAchieved, ThresholdOperator.GreaterOrEqual, 0.99)]
    public void Parse_OtherMetrics_ReadsTheirUnits(string text, ThresholdMetric metric, ThresholdOperator op, double limit)
    {
        var threshold = ThresholdParser.Parse(text);

        Assert.Equal(metric, threshold.Metric);
        Assert.Equal(op, threshold.Operator);
        Assert.Equal(limit, threshold.Limit, 9);
        Assert.Null(threshold.Statistic);
    }

    [Theory]
    [InlineData("p95{name:order}<300ms", "order")]
    [InlineData("p95{ name : order }<300ms", "order")]
    [InlineData("p95{name:\"GET /users/{id}\"}<300ms", "GET /users/{id}")]
    [InlineData("p95{name:GET /orders}<300ms", "GET /orders")]
    [InlineData("errors{name:order}<1%", "order")]
    public void Parse_NameTag_RestrictsToTheName(string text, string name)
    {
        Assert.Equal(name, ThresholdParser.Parse(text).Name);
    }

    [Theory]
    [InlineData("p9<200ms", "p9 is not reported")]
    [InlineData("pp99<200ms", "did you mean p99?")]
    [InlineData("mxa<1s", "did you mean max?")]
    [InlineData("eror<1%", "did you mean errors?")]
    [InlineData("troughput>5", "did you mean throughput?")]
    [InlineData("rate-achived>0.9", "did you mean rate-achieved?")]
    [InlineData("latency<200ms", "the metrics are p50, p90, p95, p99, p99.9, min, mean, max, errors, checks, throughput, requests, rate-achieved")]
    [InlineData("p75<200ms", "the latency percentiles are p50, p90, p95, p99 and p99.9")]
    [InlineData("p99<200", "'200' has no unit: give one of us, ms, s, m or h")]
    [InlineData("p99<fast", "'fast' is not a duration (use e.g. 500ms, 10s, 2m)")]
    [InlineData("errors<0.01", "give a percentage with %, e.g. errors<0.1%")]
    [InlineData("checks>99", "give a percentage with %, e.g. checks>99.9%")]
    [InlineData("errors<101%", "above 100%")]
    [InlineData("throughput>lots", "not a number; write e.g. throughput>500")]
    [InlineData("requests>1.5", "not a count of requests")]
    [InlineData("p99=200ms", "'=' alone is not a comparison")]
    [InlineData("p99==200ms", "'=' alone is not a comparison")]
    [InlineData("p99=<200ms", "'=<' is not a comparison")]
    [InlineData("p99<<200ms", "one comparison only")]
    [InlineData("p99", "no comparison")]
    [InlineData("<200ms", "no metric before the comparison")]
    [InlineData("p99<", "no value after the comparison")]
    [InlineData("p95{tag:order}<300ms", "unknown tag 'tag'")]
    [InlineData("p95{name:}<300ms", "an empty name")]
    [InlineData("p95{name:order<300ms", "must end with '}'")]
    [InlineData("checks{name:order}>99%", "drop {name:order}")]
    [InlineData("rate-achieved{name:order}>0.9", "drop {name:order}")]
    [InlineData("p99<-5ms", "out of range")]
    public void TryParse_BadThreshold_SaysWhatWasExpected(string text, string expected)
    {
        var parsed = ThresholdParser.TryParse(text, out var threshold, out var error);

        Assert.False(parsed);
        Assert.Null(threshold);
        Assert.StartsWith($"threshold '{text}': ", error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void TryParse_Empty_GivesAnExample(string? text)
    {
        Assert.False(ThresholdParser.TryParse(text, out _, out var error));
        Assert.Contains("p99<200ms", error);
    }

    [Fact]
    public void Parse_BadThreshold_ThrowsFormatException()
    {
        var ex = Assert.Throws<FormatException>(() => ThresholdParser.Parse("p99<200"));
        Assert.StartsWith("threshold 'p99<200'", ex.Message);
    }

    [Theory]
    [InlineData(ThresholdOperator.Less, 199.9, true)]
    [InlineData(ThresholdOperator.Less, 200, false)]
    [InlineData(ThresholdOperator.LessOrEqual, 200, true)]
    [InlineData(ThresholdOperator.LessOrEqual, 200.1, false)]
    [InlineData(ThresholdOperator.Greater, 200, false)]
    [InlineData(ThresholdOperator.Greater, 200.1, true)]
    [InlineData(ThresholdOperator.GreaterOrEqual, 200, true)]
    [InlineData(ThresholdOperator.GreaterOrEqual, 199.9, false)]
    public void Holds_EachOperator_ComparesWithTheLimit(ThresholdOperator op, double actual, bool holds)
    {
        var threshold = new ThresholdExpression("x", ThresholdMetric.Latency, "p99", null, op, 200);

        Assert.Equal(holds, threshold.Holds(actual));
    }
}
