using ScaleLab.Core.Results;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Tests.Support;

namespace ScaleLab.Load.Tests.Engine;

/// <summary>Runs with <c>--stages</c> on a fake clock, stepped a millisecond at a time once every flow has parked.</summary>
public sealed class StagedLoadTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task Run_ClosedStages_RampsTheActiveUsersAsK6Does()
    {
        // 0 → 4 users over 200 ms, 4 for 200 ms, 4 → 0 over 200 ms; each request takes 20 ms. User u becomes active
        // at 50·(u+1) ms and retires at 600 − 50·(3−u)... that is 450, 500, 550, 600 for users 3, 2, 1, 0.
        var time = new ParkingTimeProvider();
        var starts = new List<long>();
        var origin = time.GetTimestamp();
        var factory = new DelegateClientFactory("fake", async ct =>
        {
            lock (starts)
            {
                starts.Add((time.GetTimestamp() - origin) * 1000 / time.TimestampFrequency);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, ct);
            return OperationResult.Success();
        });
        var options = new LoadOptions { Model = LoadModel.Closed, Connections = 0, ReportInterval = TimeSpan.FromMilliseconds(200) }
            .WithStages([Stage(200, 4), Stage(200, 4), Stage(200, 0)]);
        int[] active = [50, 100, 150, 200];
        int[] retired = [600, 550, 500, 450];
        var planned = Enumerable.Range(0, 4)
            .SelectMany(u => Enumerable.Range(0, 100).Select(k => active[u] + (20 * k)).Where(t => t < retired[u]))
            .Select(t => (long)t)
            .Order()
            .ToArray();

        var run = new LoadRunner(factory, options, time).RunAsync();
        for (var ms = 0; ms < 600; ms++)
        {
            var now = ms;
            var due = new Dictionary<long, int>();
            foreach (var start in planned.Where(s => s <= now && s + 20 > now))
            {
                due[start + 20] = due.GetValueOrDefault(start + 20) + 1; // the request in flight ends
            }

            foreach (var at in active.Where(a => a > now))
            {
                due[at] = due.GetValueOrDefault(at) + 1; // a user waits for the ramp to reach it
            }

            var tick = (long)(((now / 200) + 1) * 200);
            due[tick] = due.GetValueOrDefault(tick) + 1; // the runner's next report
            var expected = planned.Count(s => s <= now);
            await WaitUntilAsync(() => Count(starts) >= expected && due.All(d => time.PendingAt(d.Key) >= d.Value));
            time.Advance(Step);
        }

        var measurement = await FinishAsync(run, time);
        var result = measurement.Result;

        Assert.Equal(planned, Snapshot(starts));
        // 16 starts while the users ramp up, 40 with all four, 26 while they ramp down.
        Assert.Equal([16, 40, 26], planned.GroupBy(s => s / 200).Select(g => g.Count()));
        Assert.Equal(82, result.Requests);
        Assert.Equal(4, result.Connections);
        Assert.Equal(0.6, result.DurationSeconds);
        Assert.Equal([new ResultStage(0.2, 4), new ResultStage(0.2, 4), new ResultStage(0.2, 0)], result.Stages);
        // One point per report, the drain after the window folded into the last.
        Assert.Equal([1, 2, 3], result.Intervals.Select(i => i.Stage));
        Assert.Equal(82, result.Intervals.Sum(i => i.Requests));
        Assert.All(result.Intervals, i => Assert.Null(i.RateAsked));
        Assert.Equal([0.2, 0.4], result.Intervals.Take(2).Select(i => i.T));
    }

    [Fact]
    public async Task Run_OpenStages_SendsTheArrivalsTheRampingRateIntegratesTo()
    {
        // 0 → 100/s over 200 ms, 100/s for 100 ms, 100 → 0/s over 200 ms: 10 arrivals in each stage, arrival k due when
        // the area under the rate reaches k.
        var time = new ParkingTimeProvider();
        var sends = new List<long>();
        var origin = time.GetTimestamp();
        var factory = new DelegateClientFactory("fake", _ =>
        {
            lock (sends)
            {
                sends.Add((time.GetTimestamp() - origin) * 1000 / time.TimestampFrequency);
            }

            return ValueTask.FromResult(OperationResult.Success());
        });
        var options = new LoadOptions { Model = LoadModel.Open, Rate = 0, MaxConnections = 4, ReportInterval = TimeSpan.FromMilliseconds(100) }
            .WithStages([Stage(200, 100), Stage(100, 100), Stage(200, 0)]);
        var intended = Enumerable.Range(0, 30).Select(k => k switch
        {
            < 10 => Math.Sqrt(k / 250.0) * 1000,
            < 20 => 200 + (10.0 * (k - 10)),
            _ => 300 + ((100 - Math.Sqrt(10_000 - (1000.0 * (k - 20)))) / 500 * 1000),
        }).ToArray();
        // Sent on the dispatcher's first wake-up at or after the intended time; the engine rounds an offset down to its
        // clock's tick, so an arrival due on a whole millisecond goes on that millisecond.
        var planned = intended.Select(t => (long)Math.Ceiling(t - 1e-6)).ToArray();

        var run = new LoadRunner(factory, options, time).RunAsync();
        for (var ms = 0; ms < 500; ms++)
        {
            var now = ms;
            var expected = planned.Count(s => s <= now);
            var wake = planned.Where(s => s > now).DefaultIfEmpty(500).Min();
            var tick = ((now / 100) + 1) * 100;
            await WaitUntilAsync(() => Count(sends) >= expected && time.PendingAt(wake) >= 1 && time.PendingAt(tick) >= (tick == wake ? 2 : 1));
            time.Advance(Step);
        }

        var result = (await FinishAsync(run, time)).Result;

        Assert.Equal(planned, Snapshot(sends));
        Assert.Equal([10, 10, 10], planned.GroupBy(s => s < 200 ? 1 : s < 300 ? 2 : 3).Select(g => g.Count()));
        Assert.Equal(30, result.Arrived);
        Assert.Equal(30, result.Requests);
        Assert.Equal(0, result.Unsent);
        // The rate asked over a ramp is its mean: 30 arrivals in 0.5 s.
        Assert.Equal(60, result.RateAsked);
        Assert.Equal(60, result.Rate);
        Assert.False(result.FellBehind);
        // Each interval's asked rate is the area under the rate in it over its length.
        Assert.Equal([25.0, 75, 100, 75, 25], result.Intervals.Select(i => i.RateAsked!.Value));
        Assert.Equal([1, 1, 2, 3, 3], result.Intervals.Select(i => i.Stage));
        Assert.Equal(30, result.Intervals.Sum(i => i.Requests));
    }

    private static LoadStage Stage(int milliseconds, double target) => new(TimeSpan.FromMilliseconds(milliseconds), target);

    private static async Task<LoadMeasurement> FinishAsync(Task<LoadMeasurement> run, ParkingTimeProvider time)
    {
        for (var i = 0; i < 20_000 && !run.IsCompleted; i++)
        {
            time.Advance(Step);
            await Task.Delay(1);
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

    private static long[] Snapshot(List<long> list)
    {
        lock (list)
        {
            return [.. list.Order()];
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
