using Microsoft.Extensions.Time.Testing;
using ScaleLab.Load.Engine;

namespace ScaleLab.Load.Tests.Engine;

public sealed class LoadShareTests
{
    [Theory]
    [InlineData(ArrivalProcess.Uniform, 2)]
    [InlineData(ArrivalProcess.Poisson, 2)]
    [InlineData(ArrivalProcess.Poisson, 3)]
    public async Task Run_SharesOfOneSchedule_ArrivalsAddUpToTheWholeSchedules(ArrivalProcess process, int count)
    {
        var options = LoadOptions.Open(rate: 200, TimeSpan.FromMilliseconds(500)) with { Arrivals = process, Seed = 7, MaxConnections = 8 };

        var whole = await RunToEndAsync(options);
        var shares = new List<LoadMeasurement>();
        for (var i = 0; i < count; i++)
        {
            shares.Add(await RunToEndAsync(options with { Share = new LoadShare(i, count) }));
        }

        Assert.True(whole.Result.Arrived > 50);
        Assert.Equal(whole.Result.Arrived, shares.Sum(s => s.Result.Arrived));
        Assert.Equal(whole.Result.Requests, shares.Sum(s => s.Result.Requests));
        Assert.All(shares, s => Assert.Equal(200.0 / count, s.Result.RateAsked!.Value, 6));
    }

    [Fact]
    public async Task Run_ClosedModelWithShare_IgnoresItAndAsksForNoRate()
    {
        var measurement = await RunToEndAsync(LoadOptions.Closed(1, TimeSpan.FromMilliseconds(50)) with { Share = new LoadShare(1, 2) });

        Assert.Null(measurement.Result.RateAsked);
        Assert.True(measurement.Result.Requests > 0);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 2)]
    [InlineData(-1, 2)]
    public void Validate_ImpossibleShare_SaysWhy(int index, int count)
    {
        var options = LoadOptions.Open(10, TimeSpan.FromSeconds(1)) with { Share = new LoadShare(index, count) };

        Assert.Contains("share", options.Validate());
    }

    [Fact]
    public async Task StartAt_AnInstantAhead_StartsTheClockThenNotBefore()
    {
        var time = new FakeTimeProvider();
        var startAt = time.GetUtcNow() + TimeSpan.FromMilliseconds(300);
        var factory = new DelegateClientFactory("fake", _ => ValueTask.FromResult(OperationResult.Success()));

        var run = new LoadRunner(factory, LoadOptions.Closed(1, TimeSpan.FromMilliseconds(50)), time) { StartAt = startAt }.RunAsync();
        var measurement = await AdvanceUntilDoneAsync(run, time);

        Assert.True(measurement.StartedAt >= startAt, $"started at {measurement.StartedAt:O}, asked {startAt:O}");
    }

    [Fact]
    public async Task StartAt_TooFarAhead_IsRefusedBeforeAnyRequest()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var factory = new DelegateClientFactory("fake", _ =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult(OperationResult.Success());
        });
        var runner = new LoadRunner(factory, LoadOptions.Closed(1, TimeSpan.FromSeconds(1)), time) { StartAt = time.GetUtcNow() + TimeSpan.FromMinutes(5) };

        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync());

        Assert.Equal(0, calls);
    }

    private static Task<LoadMeasurement> RunToEndAsync(LoadOptions options)
    {
        var time = new FakeTimeProvider();
        var factory = new DelegateClientFactory("fake", _ => ValueTask.FromResult(OperationResult.Success()));
        return AdvanceUntilDoneAsync(new LoadRunner(factory, options, time).RunAsync(), time);
    }

    private static async Task<LoadMeasurement> AdvanceUntilDoneAsync(Task<LoadMeasurement> run, FakeTimeProvider time)
    {
        for (var i = 0; i < 20_000 && !run.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Yield();
            if (i % 50 == 0)
            {
                await Task.Delay(1);
            }
        }

        return await run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
