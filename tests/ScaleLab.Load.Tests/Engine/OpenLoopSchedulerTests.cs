using Microsoft.Extensions.Time.Testing;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Tests.Support;

namespace ScaleLab.Load.Tests.Engine;

public sealed class OpenLoopSchedulerTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task Run_UniformArrivals_SendsAtThePlannedTimes()
    {
        var time = new FakeTimeProvider();
        var sends = new List<long>();
        var factory = new DelegateClientFactory("fake", _ =>
        {
            lock (sends)
            {
                sends.Add(time.GetTimestamp());
            }

            return ValueTask.FromResult(OperationResult.Success());
        });
        var options = LoadOptions.Open(rate: 100, TimeSpan.FromMilliseconds(200)) with { MaxConnections = 4 };
        var start = time.GetTimestamp();

        var run = new LoadRunner(factory, options, time).RunAsync();
        for (var ms = 0; ms < 200; ms++)
        {
            var expected = (ms / 10) + 1;
            await WaitUntilAsync(() => Count(sends) >= expected);
            time.Advance(Step);
        }

        var measurement = await FinishAsync(run, time);

        var offsetsMs = sends.Select(s => (s - start) * 1000 / time.TimestampFrequency).ToArray();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i * 10), offsetsMs);
        Assert.Equal(20, measurement.Result.Requests);
        Assert.Equal(0, measurement.Result.Generator.MissedStarts);
    }

    [Fact]
    public async Task Run_AllConnectionsBusyPastTolerance_CountsMissedStartsAndCorrectsLatency()
    {
        var time = new FakeTimeProvider();
        var release = new TaskCompletionSource<OperationResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var factory = new DelegateClientFactory("fake", _ =>
            Interlocked.Increment(ref calls) == 1
                ? new ValueTask<OperationResult>(release.Task)
                : ValueTask.FromResult(OperationResult.Success()));
        var options = LoadOptions.Open(rate: 100, TimeSpan.FromMilliseconds(100)) with
        {
            MaxConnections = 1,
            MissedStartTolerance = TimeSpan.FromMilliseconds(10),
        };

        var run = new LoadRunner(factory, options, time).RunAsync();
        await WaitUntilAsync(() => Volatile.Read(ref calls) >= 1);
        for (var ms = 0; ms < 50; ms++)
        {
            time.Advance(Step);
        }

        // The first request stalls 50 ms on the only connection: arrivals at 10..50 ms queue behind it.
        release.SetResult(OperationResult.Success());
        await WaitUntilAsync(() => Volatile.Read(ref calls) >= 6);
        for (var ms = 50; ms < 100; ms++)
        {
            var expected = (ms / 10) + 1;
            await WaitUntilAsync(() => Volatile.Read(ref calls) >= expected);
            time.Advance(Step);
        }

        var result = (await FinishAsync(run, time)).Result;

        // Queued arrivals started 40, 30 and 20 ms late (past the 10 ms tolerance); 10 and 0 ms are within it.
        Assert.Equal(3, result.Generator.MissedStarts);
        Assert.Equal(40, result.Generator.MaxStartLagMs, precision: 0);
        // Latency from the intended time shows the stall; the service time alone does not.
        Assert.InRange(result.LatencyMs.Max, 49, 51);
        Assert.InRange(result.UncorrectedLatencyMs!.P90, 0, 1);
    }

    [Fact]
    public async Task Run_TargetSlowerThanRate_CountsEveryArrivalAsRequestOrUnsentAndFallsBehind()
    {
        // 1000 arrivals a second for 200 ms on one connection whose requests take 5 ms: it serves 200 a second.
        var time = new ParkingTimeProvider();
        var service = new FakeService(time, TimeSpan.FromMilliseconds(5));
        var options = LoadOptions.Open(rate: 1000, TimeSpan.FromMilliseconds(200)) with { MaxConnections = 1 };

        var run = new LoadRunner(service.Factory, options, time).RunAsync();
        for (var ms = 0; ms < 250; ms++)
        {
            // Parked: the request in flight ends at the next multiple of 5 ms, the dispatcher (until the window
            // closes at 200 ms) wakes for the next arrival.
            var expected = ms < 200 ? Math.Min(40, (ms / 5) + 1) : 40 + ((ms - 200) / 5) + 1;
            var requestEnds = ((ms / 5) + 1) * 5;
            var dispatcher = ms < 200 ? ms + 1 : -1;
            var parked = dispatcher == requestEnds ? 2 : 1;
            await WaitUntilAsync(() => service.Starts >= expected
                && (dispatcher < 0 || time.PendingAt(dispatcher) >= 1)
                && time.PendingAt(requestEnds) >= parked);
            time.Advance(Step);
        }

        var measurement = await FinishAsync(run, time);
        var result = measurement.Result;

        // Requests start at 0, 5, …, 195 ms, each taking the oldest queued arrival. When the window closes at 200 ms,
        // 160 arrivals are queued: the 150 due before 190 ms were already late by more than the 10 ms tolerance
        // and are never sent; the 10 due in the window's last 10 ms are sent after it, at 200, 205, …, 245 ms.
        Assert.Equal(200, result.Arrived);
        Assert.Equal(50, result.Requests);
        Assert.Equal(150, result.Unsent);
        Assert.Equal(result.Arrived, result.Requests + result.Unsent);
        Assert.Equal(0.2, result.DurationSeconds);
        Assert.Equal(1000, result.RateAsked);
        // Only the 40 responses that came inside the window count towards the rate.
        Assert.Equal(200, result.RateAchieved);
        Assert.Equal(160, result.Backlog);
        Assert.True(result.FellBehind);
        // Every arrival is in the corrected histogram: the unsent ones with their wait until the window closed
        // (200 - 189 = 11 ms for the last of them), the sent ones from their intended time (the first 5 ms, the
        // 40th 200 - 39 = 161 ms).
        Assert.Equal(200, measurement.Latency.TotalCount);
        Assert.Equal(5, result.LatencyMs.Min, precision: 2);
        Assert.InRange(result.LatencyMs.Max, 160.9, 161.2);
        // The missed-start warning counts starts only: the k-th of the first 40 started 4k ms late, past 10 ms from
        // the 4th on; of the 10 sent after the window, all but the first (10 ms late) were past it.
        Assert.Equal(46, result.Generator.MissedStarts);
        Assert.Contains(result.Warnings, w => w.StartsWith("the generator started 46 of 50 requests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_TargetKeepsUp_SendsEveryArrivalAndDoesNotFallBehind()
    {
        var time = new ParkingTimeProvider();
        var service = new FakeService(time, TimeSpan.FromMilliseconds(5));
        var options = LoadOptions.Open(rate: 100, TimeSpan.FromMilliseconds(200)) with { MaxConnections = 4 };

        var run = new LoadRunner(service.Factory, options, time).RunAsync();
        for (var ms = 0; ms < 200; ms++)
        {
            var expected = (ms / 10) + 1;
            var dispatcher = ((ms / 10) + 1) * 10;
            var requestEnds = ((ms / 10) * 10) + 5;
            await WaitUntilAsync(() => service.Starts >= expected
                && time.PendingAt(dispatcher) >= 1
                && (ms >= requestEnds || time.PendingAt(requestEnds) >= 1));
            time.Advance(Step);
        }

        var result = (await FinishAsync(run, time)).Result;

        Assert.Equal(20, result.Arrived);
        Assert.Equal(20, result.Requests);
        Assert.Equal(0, result.Unsent);
        Assert.Equal(0, result.Backlog);
        Assert.Equal(100, result.RateAchieved);
        Assert.False(result.FellBehind);
        Assert.Equal(0, result.Generator.MissedStarts);
    }

    [Theory]
    [InlineData(1.0, 5000, 5)]
    [InlineData(0.5, 1000, 1)]
    public async Task Run_RateBelowOnePerWindowSecond_WindowLastsTheWholeDuration(double rate, int durationMs, int arrivals)
    {
        var time = new ParkingTimeProvider();
        var service = new FakeService(time, TimeSpan.Zero);
        var options = LoadOptions.Open(rate, TimeSpan.FromMilliseconds(durationMs));
        var tenMs = TimeSpan.FromMilliseconds(10);

        var run = new LoadRunner(service.Factory, options, time).RunAsync();
        for (var ms = 0; ms < durationMs - 10; ms += 10)
        {
            var expected = (int)Math.Min(arrivals, Math.Floor(ms / 1000.0 * rate) + 1);
            var dispatcher = (long)Math.Min(durationMs, expected * 1000 / rate);
            await WaitUntilAsync(() => service.Starts >= expected && time.PendingAt(dispatcher) >= 1);
            time.Advance(tenMs);
        }

        // 10 ms before the window's end, long after the last arrival, the run must still be on; the pause only gives
        // a run that wrongly ended at its last arrival the time to show it (the duration below catches it anyway).
        await Task.Delay(50);
        Assert.False(run.IsCompleted, "the run ended before its window did");
        var result = (await FinishAsync(run, time)).Result;

        Assert.Equal(arrivals, result.Requests);
        Assert.Equal(durationMs / 1000.0, result.DurationSeconds);
        Assert.Equal(arrivals / (durationMs / 1000.0), result.Throughput);
    }

    private static async Task<LoadMeasurement> FinishAsync(Task<LoadMeasurement> run, FakeTimeProvider time)
    {
        // Past the window, the runner waits for in-flight operations; advance the fake clock until it is done.
        for (var i = 0; i < 20_000 && !run.IsCompleted; i++)
        {
            time.Advance(Step);
            await Task.Yield();
            if (i % 100 == 0)
            {
                await Task.Delay(1);
            }
        }

        Assert.True(run.IsCompleted, "the run did not end");
        return await run;
    }

    private static int Count(List<long> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string>? state = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the scheduler" + (state is null ? string.Empty : ": " + state()));
            await Task.Delay(1);
        }
    }
}
