using ScaleLab.Experiments.Scaling;

namespace ScaleLab.Experiments.Tests.Scaling;

public sealed class FaultTimelineTests
{
    /// <summary>100 requests per 1-second interval for <paramref name="seconds"/> s; errors in the given seconds (interval ending at that second).</summary>
    private static List<FaultSample> Load(int seconds, IReadOnlyDictionary<int, long> errorsAt, IReadOnlyDictionary<int, long>? requestsAt = null)
    {
        var samples = new List<FaultSample>();
        long requests = 0, errors = 0;
        for (var t = 1; t <= seconds; t++)
        {
            requests += requestsAt?.GetValueOrDefault(t, 100) ?? 100;
            errors += errorsAt.GetValueOrDefault(t);
            samples.Add(new FaultSample(t, requests, errors));
        }

        return samples;
    }

    [Fact]
    public void Analyse_KillDropAndRestart_TimesEjectionAndReplacement()
    {
        // Killed at 4.5 s; errors in the interval ending at 5 s only; the count drops at 4.6 s and is back at 7.2 s.
        var load = Load(10, new Dictionary<int, long> { [5] = 10 });
        ServingSample[] serving = [new(0, 4), new(4.4, 4), new(4.6, 3), new(6.0, 3), new(7.2, 4), new(9.0, 4)];

        var result = FaultTimeline.Analyse(load, serving, killedAt: 4.5);

        Assert.Equal(500, result.EjectedAfterMs!.Value, precision: 6);   // errors stopped at 5.0 s, after the drop
        Assert.Equal(2700, result.ReplacedAfterMs!.Value, precision: 6);
        Assert.Equal(100, result.CapacityBefore, precision: 6);           // intervals 2..4 (the first is left out)
        Assert.Equal((90 + 100 + 100 + 100) / 4.0, result.CapacityDuring, precision: 6); // intervals ending 5 to 8 (started before 7.2)
        Assert.Equal(100, result.CapacityAfter, precision: 6);            // intervals from 8 s
    }

    [Fact]
    public void Analyse_ErrorsEndBeforeTheCountDrops_EjectionIsTheDrop()
    {
        var load = Load(10, new Dictionary<int, long> { [4] = 2 });
        ServingSample[] serving = [new(0, 2), new(3.9, 2), new(4.8, 1), new(8.0, 2)];

        var result = FaultTimeline.Analyse(load, serving, killedAt: 3.5);

        Assert.Equal(1300, result.EjectedAfterMs!.Value, precision: 6);
        Assert.Equal(4500, result.ReplacedAfterMs!.Value, precision: 6);
    }

    [Fact]
    public void Analyse_ErrorsToTheEnd_NeverEjected()
    {
        var load = Load(6, new Dictionary<int, long> { [4] = 25, [5] = 25, [6] = 25 });
        ServingSample[] serving = [new(0, 4), new(5, 4)];

        var result = FaultTimeline.Analyse(load, serving, killedAt: 3.2);

        Assert.Null(result.EjectedAfterMs);
        Assert.Null(result.ReplacedAfterMs);
        Assert.Equal(75, result.CapacityDuring, precision: 6);
        Assert.Equal(result.CapacityDuring, result.CapacityAfter);
    }

    [Fact]
    public void Analyse_NoReplacement_AfterIsFromEjection()
    {
        // The survivors carry 80 per second once the dead replica is out, and it is never replaced.
        var load = Load(8, new Dictionary<int, long> { [4] = 20 }, new Dictionary<int, long> { [5] = 80, [6] = 80, [7] = 80, [8] = 80 });
        ServingSample[] serving = [new(0, 2), new(3.6, 1), new(7.9, 1)];

        var result = FaultTimeline.Analyse(load, serving, killedAt: 3.5);

        Assert.Equal(500, result.EjectedAfterMs!.Value, precision: 6);
        Assert.Null(result.ReplacedAfterMs);
        Assert.Equal(80, result.CapacityDuring, precision: 6);             // the interval ending at 4 s
        Assert.Equal(80, result.CapacityAfter, precision: 6);
    }

    [Fact]
    public void Analyse_NoErrorsNoDrop_NothingSeen()
    {
        var result = FaultTimeline.Analyse(Load(5, new Dictionary<int, long>()), [new(0, 3), new(4, 3)], killedAt: 2);

        Assert.Null(result.EjectedAfterMs);
        Assert.Null(result.ReplacedAfterMs);
        Assert.Equal(100, result.CapacityBefore, precision: 6);
    }

    [Fact]
    public void Analyse_CatchUpInTheFirstSecond_LeftOutOfCapacityBefore()
    {
        var load = Load(6, new Dictionary<int, long>(), new Dictionary<int, long> { [1] = 300 });

        var result = FaultTimeline.Analyse(load, [new(0, 2)], killedAt: 4);

        Assert.Equal(100, result.CapacityBefore, precision: 6);
    }
}
