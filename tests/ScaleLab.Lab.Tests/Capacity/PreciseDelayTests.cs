using System.Diagnostics;
using ScaleLab.Lab.Capacity;
using ScaleLab.Lab.Tests.Support;

namespace ScaleLab.Lab.Tests.Capacity;

/// <summary>
/// The delay's logic on a fake clock, where every step is exact whatever the machine is doing. How close to the asked
/// time a real delay ends is a measurement, not a test: bench/lab-timing.sh prints it.
/// </summary>
public sealed class PreciseDelayTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DelayAsync_ClockShortOfDue_SleepsNoLongerThanTheShortestDelayAndCompletesWhenDue()
    {
        var time = new TimerWatchingTime();
        using var delay = new PreciseDelay(time);

        // The shortest first, so that the first sleep is bounded by it whenever the thread wakes (see below).
        var shortDelay = delay.DelayAsync(Ms(3), CancellationToken.None);
        var longDelay = delay.DelayAsync(Ms(10), CancellationToken.None);

        // Each sleep starts after the thread has read the clock and completed what was due: the moment to look.
        Assert.Equal(new(Ms(0), Ms(3)), await time.NextTimerAsync());
        time.Advance(Ms(3));
        Assert.Equal(new(Ms(3), Ms(3)), await time.NextTimerAsync());
        Assert.True(shortDelay.IsCompletedSuccessfully, "due at 3 ms, seen at 3 ms");
        time.Advance(Ms(3));
        Assert.Equal(new(Ms(6), Ms(3)), await time.NextTimerAsync());
        time.Advance(Ms(3));
        // 1 ms is left: it sleeps exactly that, not a whole 3 ms step past the due time.
        Assert.Equal(new(Ms(9), Ms(1)), await time.NextTimerAsync());
        Assert.False(longDelay.IsCompleted, "due at 10 ms, seen at 9 ms");
        time.Advance(Ms(1));

        await longDelay.WaitAsync(Deadline);
    }

    [Fact]
    public async Task DelayAsync_ManyAtOnce_CompleteInDueOrder()
    {
        var time = new TimerWatchingTime();
        using var delay = new PreciseDelay(time);

        // Asked out of due order (30 before 20), the shortest first: the thread never sleeps longer than the shortest
        // delay asked so far, so with 30 first it could start a 30 ms sleep before the 10 ms delay arrives.
        var delays = new[] { 10, 30, 20 }.ToDictionary(ms => ms, ms => delay.DelayAsync(Ms(ms), CancellationToken.None));

        Assert.Equal(new(Ms(0), Ms(10)), await time.NextTimerAsync());
        time.Advance(Ms(10));
        Assert.Equal(new(Ms(10), Ms(10)), await time.NextTimerAsync());
        Assert.Equal([10], Completed(delays));
        time.Advance(Ms(10));
        Assert.Equal(new(Ms(20), Ms(10)), await time.NextTimerAsync());
        Assert.Equal([10, 20], Completed(delays));
        time.Advance(Ms(10));

        await delays[30].WaitAsync(Deadline);
    }

    [Fact]
    public async Task DelayAsync_Cancelled_ThrowsWithoutWaitingTheDelay()
    {
        var time = new TimerWatchingTime();
        using var delay = new PreciseDelay(time);
        using var cancel = new CancellationTokenSource();

        var waiting = delay.DelayAsync(TimeSpan.FromSeconds(10), cancel.Token);
        await time.NextTimerAsync();
        await cancel.CancelAsync();

        // The clock never moves: only the cancellation can end the wait.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Deadline));
        Assert.Equal(TimeSpan.Zero, time.Now);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void DelayAsync_NothingToWait_CompletesAtOnce(int milliseconds)
    {
        using var delay = new PreciseDelay(new TimerWatchingTime());

        Assert.True(delay.DelayAsync(Ms(milliseconds), CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Dispose_DelayPending_CompletesItInsteadOfLeavingItHanging()
    {
        var time = new TimerWatchingTime();
        var delay = new PreciseDelay(time);
        var pending = delay.DelayAsync(TimeSpan.FromHours(1), CancellationToken.None);
        await time.NextTimerAsync();

        delay.Dispose();

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(TimeSpan.Zero, time.Now);
    }

    [Fact]
    public async Task DelayAsync_SystemClock_NeverEndsEarly()
    {
        using var delay = new PreciseDelay();
        var asked = Ms(2);
        var elapsed = new List<TimeSpan>();

        // A lower bound only: a busy machine makes every delay later, never earlier.
        await Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                await delay.DelayAsync(asked, CancellationToken.None);
                elapsed.Add(stopwatch.Elapsed);
            }
        });

        Assert.All(elapsed, e => Assert.True(e >= asked, $"{e.TotalMilliseconds} ms"));
    }

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private static int[] Completed(Dictionary<int, Task> delays) =>
        delays.Where(d => d.Value.IsCompleted).Select(d => d.Key).Order().ToArray();
}
