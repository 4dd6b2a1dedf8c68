using Microsoft.Extensions.Time.Testing;
using ScaleLab.Lab.Capacity;

namespace ScaleLab.Lab.Tests.Capacity;

public sealed class WorkerPoolTests
{
    [Fact]
    public async Task EnterAsync_AllWorkersBusy_QueuesUntilOneIsReleased()
    {
        var time = new FakeTimeProvider();
        var pool = new WorkerPool(2, time);
        var (first, firstWait) = await pool.EnterAsync(CancellationToken.None);
        var (second, _) = await pool.EnterAsync(CancellationToken.None);

        // Counted as queued before EnterAsync returns: no other thread is involved, nothing to wait for.
        var third = pool.EnterAsync(CancellationToken.None).AsTask();
        Assert.Equal(1, pool.Queued);
        Assert.Equal(2, pool.Busy);
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.False(third.IsCompleted);

        first.Dispose();
        var (lease, waited) = await third.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.Zero, firstWait);
        Assert.Equal(TimeSpan.FromMilliseconds(50), waited);
        Assert.Equal(0, pool.Queued);
        lease.Dispose();
        second.Dispose();
        Assert.Equal(0, pool.Busy);
    }
}
