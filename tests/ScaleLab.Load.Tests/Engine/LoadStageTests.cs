using ScaleLab.Load.Engine;

namespace ScaleLab.Load.Tests.Engine;

public sealed class LoadStageTests
{
    [Fact]
    public void TryParseList_K6Stages_ReadsDurationsAndTargets()
    {
        Assert.True(LoadStage.TryParseList("30s:10, 1m:10,30s:0,0s:2.5", out var stages, out _));

        Assert.Equal(
            [new LoadStage(TimeSpan.FromSeconds(30), 10), new LoadStage(TimeSpan.FromMinutes(1), 10), new LoadStage(TimeSpan.FromSeconds(30), 0), new LoadStage(TimeSpan.Zero, 2.5)],
            stages);
        Assert.Equal(TimeSpan.FromMinutes(2), LoadStage.TotalDuration(stages));
    }

    [Theory]
    [InlineData("", "no stages")]
    [InlineData("30s", "stage 1 '30s' is not DURATION:TARGET")]
    [InlineData("30s:10,1m", "stage 2 '1m' is not DURATION:TARGET")]
    [InlineData("30:10", "has no unit")]
    [InlineData("30s:ten", "the target 'ten' is not a number")]
    [InlineData("30s:-5", "the target must not be negative")]
    [InlineData("-30s:5", "stage 1 '-30s:5'")]
    [InlineData("0s:5,0s:0", "the stages last no time at all")]
    public void TryParseList_BadStages_SaysWhy(string text, string expected)
    {
        Assert.False(LoadStage.TryParseList(text, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData(LoadModel.Closed, 0, 10.5, null, "a whole number")]
    [InlineData(LoadModel.Closed, 0, 0, null, "never ask for any load")]
    [InlineData(LoadModel.Open, 0, 0, null, "never ask for any load")]
    [InlineData(LoadModel.Open, 0, 20_000_000, null, "from 0 to 10000000")]
    [InlineData(LoadModel.Closed, 0, 10, 5, "no warm-up")]
    public void Validate_StagedOptions_RefusesWhatCannotRun(LoadModel model, double start, double target, int? warmupSeconds, string expected)
    {
        var options = new LoadOptions { Model = model, Connections = (int)start, Rate = start, Warmup = TimeSpan.FromSeconds(warmupSeconds ?? 0) }
            .WithStages([new LoadStage(TimeSpan.FromSeconds(10), target)]);

        Assert.Contains(expected, options.Validate());
    }

    [Fact]
    public void Validate_StagedOptions_StartingFromZero_IsFine()
    {
        Assert.Null(new LoadOptions { Model = LoadModel.Closed, Connections = 0 }.WithStages([new LoadStage(TimeSpan.FromSeconds(10), 10)]).Validate());
        Assert.Null(new LoadOptions { Model = LoadModel.Open, Rate = 0 }.WithStages([new LoadStage(TimeSpan.FromSeconds(10), 100)]).Validate());
    }

    [Fact]
    public void Validate_DurationOtherThanTheStages_IsRefused()
    {
        var options = new LoadOptions { Model = LoadModel.Closed }.WithStages([new LoadStage(TimeSpan.FromSeconds(10), 10)]) with { Duration = TimeSpan.FromSeconds(5) };

        Assert.Contains("the duration is their total", options.Validate());
    }
}
