using ScaleLab.Core.Comparison;

namespace ScaleLab.Core.Tests.Comparison;

public sealed class FailConditionTests
{
    [Theory]
    [InlineData("p99>+10%", "p99", true, 0.1, true)]
    [InlineData("capacity<-5%", "capacity", false, -0.05, true)]
    [InlineData("sigma>+0.05", "sigma", true, 0.05, false)]
    [InlineData("p99.9 > 20%", "p999", true, 0.2, true)]
    [InlineData("N*<-10%", "nstar", false, -0.1, true)]
    public void Parse_WellFormed_ReadsMetricDirectionAndBound(string text, string metric, bool above, double bound, bool relative)
    {
        var condition = FailCondition.Parse(text);

        Assert.Equal(metric, condition.Metric);
        Assert.Equal(above, condition.Above);
        Assert.Equal(bound, condition.Bound, 12);
        Assert.Equal(relative, condition.Relative);
    }

    [Fact]
    public void Parse_MisspeltFigure_SuggestsTheNearest()
    {
        var error = Assert.Throws<FormatException>(() => FailCondition.Parse("p9>+10%"));

        Assert.Contains("did you mean", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p99")]
    [InlineData("p99>>10%")]
    [InlineData("p99=+10%")]
    [InlineData("p99>ten%")]
    public void Parse_Malformed_Throws(string text)
    {
        Assert.Throws<FormatException>(() => FailCondition.Parse(text));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(null, true)]
    public void Judge_P99Up40Percent_HoldsUnlessWithinNoise(bool? beyondNoise, bool holds)
    {
        var comparison = new ScaleLab.Core.Comparison.Comparison("run", 0.05,
            [new MetricChange { Metric = "p99", Label = "p99", Unit = "ms", Before = 100, After = 140, Change = 40, RelativeChange = 0.4, BeyondNoise = beyondNoise }],
            string.Empty, []);

        var outcome = FailCondition.Parse("p99>+10%").Judge(comparison);

        Assert.NotNull(outcome);
        Assert.Equal(holds, outcome.Holds);
    }

    [Fact]
    public void Judge_FigureMissing_ReturnsNull()
    {
        var comparison = new ScaleLab.Core.Comparison.Comparison("run", 0.05, [], string.Empty, []);

        Assert.Null(FailCondition.Parse("sigma>+0.05").Judge(comparison));
    }
}
