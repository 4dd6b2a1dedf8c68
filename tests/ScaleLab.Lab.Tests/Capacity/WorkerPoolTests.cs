using ScaleLab.Lab.Capacity;

namespace ScaleLab.Lab.Tests.Capacity;

public sealed class WorkerPoolTests
{
    [Fact]
    public async Task EnterAsync_AllWorkersBusy_QueuesUntilOneIsReleased()
    {
        var pool = new WorkerPool(2, TimeProvider.System);
        var (first, firstWait) = await pool.EnterAsync(CancellationToken.None);
        var (second, _) = await pool.EnterAsync(CancellationToken.None);

        var third = pool.EnterAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        Assert.Equal(1, pool.Queued);
        Assert.Equal(2, pool.Busy);

        first.Dispose();
        var (lease, waited) = await third;

        Assert.Equal(TimeSpan.Zero, firstWait);
        Assert.True(waited >= TimeSpan.FromMilliseconds(40), $"waited {waited.TotalMilliseconds} ms");
        Assert.Equal(0, pool.Queued);
        lease.Dispose();
        second.Dispose();
        Assert.Equal(0, pool.Busy);
    }
}
