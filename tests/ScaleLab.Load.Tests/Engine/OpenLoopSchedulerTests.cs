using Microsoft.Extensions.Time.Testing;
using ScaleLab.Load.Engine;

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
