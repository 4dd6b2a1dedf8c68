using ScaleLab.Core.Units;

namespace ScaleLab.Core.Tests.Units;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("2m", 120_000)]
    [InlineData("250us", 0.25)]
    [InlineData("1.5h", 5_400_000)]
    public void TryParse_WithUnit_ReadsIt(string text, double milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out var error), error);

        Assert.Equal(milliseconds, duration.TotalMilliseconds, 6);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("0.5")]
    [InlineData(" 30 ")]
    public void TryParse_BareNumber_FailsNamingTheUnits(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));

        Assert.Contains("no unit", error);
        Assert.Contains("ms", error);
        Assert.Contains(" s,", error);
    }
}
