using ScaleLab.Lab.Capacity;

namespace ScaleLab.Lab.Tests.Capacity;

public sealed class CpuWorkTests
{
    [Fact]
    public void Spin_FiveMilliseconds_SpendsAtLeastThatMuchThreadCpuTime()
    {
        var before = ThreadCpuClock.Now();

        var reported = CpuWork.Spin(TimeSpan.FromMilliseconds(5));
        var spent = ThreadCpuClock.Now() - before;

        Assert.True(reported >= TimeSpan.FromMilliseconds(5), $"reported {reported.TotalMilliseconds} ms");
        Assert.True(spent >= TimeSpan.FromMilliseconds(5), $"spent {spent.TotalMilliseconds} ms");
        Assert.True(spent < TimeSpan.FromMilliseconds(50), $"spent {spent.TotalMilliseconds} ms");
    }

    [Fact]
    public void Spin_Zero_ReturnsAtOnce()
    {
        Assert.Equal(TimeSpan.Zero, CpuWork.Spin(TimeSpan.Zero));
    }

    [Fact]
    public void ThreadCpuClock_OnLinux_MeasuresCpuNotWallTime()
    {
        Assert.Equal(OperatingSystem.IsLinux(), ThreadCpuClock.MeasuresCpu);
        var before = ThreadCpuClock.Now();

        Thread.Sleep(50);
        var slept = ThreadCpuClock.Now() - before;

        if (ThreadCpuClock.MeasuresCpu)
        {
            Assert.True(slept < TimeSpan.FromMilliseconds(10), $"sleeping 50 ms cost {slept.TotalMilliseconds} ms of CPU");
        }
    }
}
