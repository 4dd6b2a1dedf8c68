using ScaleLab.Experiments.Scaling;

namespace ScaleLab.Experiments.Tests.Scaling;

public sealed class RunQueueWaitTests
{
    [Theory]
    [InlineData("123456 7890 12\n", 7890L)]
    [InlineData("0 0 0", 0L)]
    [InlineData("garbage", null)]
    public void Parse_SchedstatLine_TheWaitField(string line, long? wait) => Assert.Equal(wait, RunQueueWait.Parse(line));

    [Fact]
    public void Nanoseconds_ThisProcess_SumsItsThreadsAndIsNotNegative()
    {
        Assert.True(RunQueueWait.Nanoseconds(Environment.ProcessId) >= 0);
        Assert.Equal(0, RunQueueWait.Nanoseconds(int.MaxValue));
    }
}
