using ScaleLab.Load.Engine;
using ScaleLab.Load.Tests.Support;

namespace ScaleLab.Load.Tests.Engine;

public sealed class ClosedLoopSchedulerTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task Run_RequestsInFlightAtBothEdgesOfTheWindow_ThroughputCountsCompletionsInsideIt()
    {
        // 4 users, 25 ms a request: 160 a second. Warm-up 0-10 ms, window 10-110 ms. Each user's requests end at
        // 25, 50, 75 and 100 ms, inside the window, and at 125 ms, after it: 16 completions in 0.1 s. Counting by
        // start time instead would drop the first (started in the warm-up) and read 120 a second.
        var time = new ParkingTimeProvider();
        var service = new FakeService(time, TimeSpan.FromMilliseconds(25));
        var options = LoadOptions.Closed(connections: 4, TimeSpan.FromMilliseconds(100)) with { Warmup = TimeSpan.FromMilliseconds(10) };

        var run = new LoadRunner(service.Factory, options, time).RunAsync();
        for (var ms = 0; ms < 110; ms++)
        {
            // Parked: every user's request in flight, due to end at the next multiple of 25 ms.
            var expected = 4 * ((Math.Min(ms, 100) / 25) + 1);
            var requestsEnd = ((Math.Min(ms, 100) / 25) + 1) * 25;
            await WaitUntilAsync(() => service.Starts >= expected && time.PendingAt(requestsEnd) >= 4);
            time.Advance(Step);
        }

        for (var i = 0; i < 5_000 && !run.IsCompleted; i++)
        {
            time.Advance(Step);
            await Task.Delay(1);
        }

        Assert.True(run.IsCompleted, "the run did not end");
        var result = (await run).Result;

        Assert.Equal(160, result.Throughput);
        Assert.Equal(0.1, result.DurationSeconds);
        // The requests started inside the window, each measured to its end.
        Assert.Equal(16, result.Requests);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the scheduler");
            await Task.Delay(1);
        }
    }
}
