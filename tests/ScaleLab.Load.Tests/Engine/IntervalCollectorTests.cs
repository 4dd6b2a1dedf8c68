using HdrHistogram;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Tests.Support;

namespace ScaleLab.Load.Tests.Engine;

public sealed class IntervalCollectorTests
{
    [Fact]
    public async Task RunAsync_ManyIntervals_HandsOutRecycledHistogramsAndKeepsOnlyTheirCounts()
    {
        // On a fake clock, so that the count of intervals depends on the clock alone: on the wall clock a busy
        // machine that stalls the process for a second merges intervals (a fresh clone here once saw 3 of 30).
        var time = new ParkingTimeProvider();
        var service = new FakeService(time, TimeSpan.FromMilliseconds(7));
        var options = LoadOptions.Closed(connections: 2, TimeSpan.FromMilliseconds(600)) with { ReportInterval = TimeSpan.FromMilliseconds(50) };
        var seen = new HashSet<HistogramBase>(ReferenceEqualityComparer.Instance);
        long countedInCallbacks = 0;
        var callbacks = 0;
        var runner = new LoadRunner(service.Factory, options, time)
        {
            OnInterval = interval =>
            {
                seen.Add(interval);
                countedInCallbacks += interval.TotalCount;
                Interlocked.Increment(ref callbacks);
                Assert.True(interval.EndTimeStamp >= interval.StartTimeStamp);
            },
        };

        var run = runner.RunAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var ms = 1; !run.IsCompleted && DateTime.UtcNow < deadline; ms++)
        {
            // Before each report is due, wait for the runner to take the previous one: then no advance skips a report.
            if (ms % 50 == 0 && ms <= 600)
            {
                var expected = ms / 50 - 1;
                while (Volatile.Read(ref callbacks) < expected && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(1);
                }
            }

            time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Delay(1);
        }

        Assert.True(run.IsCompleted, "the run did not end");
        var measurement = await run;

        // Many intervals, each handed out and counted, but no histogram per interval: the recorder's is reused.
        Assert.True(measurement.Intervals.Count >= 10, $"{measurement.Intervals.Count} intervals, {measurement.Result.Requests} requests");
        Assert.True(seen.Count <= 2, $"{seen.Count} distinct interval histograms for {measurement.Intervals.Count} intervals");
        Assert.True(measurement.Latency.TotalCount > 0);
        Assert.Equal(measurement.Latency.TotalCount, countedInCallbacks);
        Assert.Equal(measurement.Latency.TotalCount, measurement.Intervals.Sum(i => i.TotalCount));
        Assert.Equal(measurement.Result.Requests, measurement.Latency.TotalCount);
    }
}
