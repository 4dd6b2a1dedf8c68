using System.Diagnostics;
using ScaleLab.Lab.Capacity;

namespace ScaleLab.Lab.Tests.Capacity;

public sealed class PreciseDelayTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(20)]
    public async Task DelayAsync_ManyInARow_AveragesWithinHalfAMillisecondOfTheAskedTime(int milliseconds)
    {
        using var delay = new PreciseDelay();
        var stopwatch = Stopwatch.StartNew();

        for (var i = 0; i < 20; i++)
        {
            await delay.DelayAsync(TimeSpan.FromMilliseconds(milliseconds), CancellationToken.None);
        }

        var mean = stopwatch.Elapsed.TotalMilliseconds / 20;
        Assert.InRange(mean, milliseconds, milliseconds + 0.5);
    }

    [Fact]
    public async Task DelayAsync_ManyAtOnce_CompleteInDueOrder()
    {
        using var delay = new PreciseDelay();
        var finished = new List<int>();

        await Task.WhenAll(new[] { 30, 10, 20 }.Select(async ms =>
        {
            await delay.DelayAsync(TimeSpan.FromMilliseconds(ms), CancellationToken.None);
            lock (finished)
            {
                finished.Add(ms);
            }
        }));

        Assert.Equal([10, 20, 30], finished);
    }

    [Fact]
    public async Task DelayAsync_Cancelled_ThrowsWithoutWaitingTheDelay()
    {
        using var delay = new PreciseDelay();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delay.DelayAsync(TimeSpan.FromSeconds(10), cancel.Token));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2));
    }
}
