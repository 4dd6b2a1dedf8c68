using HdrHistogram;
using ScaleLab.Load.Engine;

namespace ScaleLab.Load.Tests.Engine;

public sealed class IntervalCollectorTests
{
    [Fact]
    public async Task RunAsync_ManyIntervals_HandsOutRecycledHistogramsAndKeepsOnlyTheirCounts()
    {
        var factory = new DelegateClientFactory("a millisecond", async abort =>
        {
            await Task.Delay(1, abort);
            return OperationResult.Success();
        });
        var options = LoadOptions.Closed(connections: 2, TimeSpan.FromSeconds(1.5)) with { ReportInterval = TimeSpan.FromMilliseconds(50) };
        var seen = new HashSet<HistogramBase>(ReferenceEqualityComparer.Instance);
        long countedInCallbacks = 0;
        var runner = new LoadRunner(factory, options)
        {
            OnInterval = interval =>
            {
                seen.Add(interval);
                countedInCallbacks += interval.TotalCount;
                Assert.True(interval.EndTimeStamp >= interval.StartTimeStamp);
            },
        };

        var measurement = await runner.RunAsync();

        // Many intervals, each handed out and counted, but no histogram per interval: the recorder's is reused.
        Assert.True(measurement.Intervals.Count >= 10, $"{measurement.Intervals.Count} intervals, {measurement.Result.Requests} requests, {measurement.Result.DurationSeconds} s, {string.Join(",", measurement.Result.ErrorKinds)}");
        Assert.True(seen.Count <= 2, $"{seen.Count} distinct interval histograms for {measurement.Intervals.Count} intervals");
        Assert.Equal(measurement.Latency.TotalCount, countedInCallbacks);
        Assert.Equal(measurement.Latency.TotalCount, measurement.Intervals.Sum(i => i.TotalCount));
        Assert.Equal(measurement.Result.Requests, measurement.Latency.TotalCount);
    }
}
