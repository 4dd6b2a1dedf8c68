using System.Net.Http.Json;
using ScaleLab.Agents.Coordinator;
using ScaleLab.Agents.Protocol;
using ScaleLab.Agents.Tests.Support;
using ScaleLab.Core.Results;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Requests;

namespace ScaleLab.Agents.Tests.Coordinator;

public sealed class AgentLoadSourceTests
{
    [Fact]
    public async Task RunAsync_ClosedModelTwoAgents_MergedRequestsAreTheSumAndWhatTheTargetServed()
    {
        await using var pair = await AgentPair.StartAsync();
        var source = new AgentLoadSource(pair.Addresses, AgentPair.Token, new RequestSpec());

        var measurement = await source.RunAsync(pair.Target.Uri, LoadOptions.Closed(3, TimeSpan.FromSeconds(1.5)), null, CancellationToken.None);

        var result = measurement.Result;
        Assert.NotNull(result.Agents);
        Assert.Equal(2, result.Agents.Count);
        Assert.True(result.Requests > 0);
        Assert.Equal(result.Requests, result.Agents.Sum(a => a.Requests));
        Assert.All(result.Agents, a => Assert.True(a.Requests > 0 && !a.Lost && a.LostAtSeconds is null));
        // The target also served the probes and the requests that ended outside the window: a few per user, never fewer.
        Assert.InRange(pair.Served, result.Requests, result.Requests + 50);
        Assert.Equal(3, result.Connections);
    }

    [Fact]
    public async Task RunAsync_OpenModelTwoAgents_AskedRateIsTheSumAndAchievedWithinOnePercent()
    {
        await using var pair = await AgentPair.StartAsync();
        var source = new AgentLoadSource(pair.Addresses, AgentPair.Token, new RequestSpec());
        var options = LoadOptions.Open(200, TimeSpan.FromSeconds(2)) with { Arrivals = ArrivalProcess.Uniform };

        var measurement = await source.RunAsync(pair.Target.Uri, options, null, CancellationToken.None);

        var result = measurement.Result;
        Assert.Equal(200, result.RateAsked!.Value, 3);
        Assert.Equal(result.Requests, result.Agents!.Sum(a => a.Requests));
        // Uniform arrivals k of the whole schedule, k mod 2 each: the union is exactly 400 arrivals in 2 s.
        Assert.Equal(400, result.Arrived);
        Assert.InRange(result.Requests, 396, 404);
    }

    [Fact]
    public async Task RunAsync_TwoAgents_MergedPercentilesAreThoseOfTheAgentsHistogramsAdded()
    {
        await using var pair = await AgentPair.StartAsync();
        var source = new AgentLoadSource(pair.Addresses, AgentPair.Token, new RequestSpec());

        var measurement = await source.RunAsync(pair.Target.Uri, LoadOptions.Open(300, TimeSpan.FromSeconds(1.5)), null, CancellationToken.None);

        // One histogram holding every agent's recorded latencies, added here by hand.
        var byHand = LatencyHistograms.Create();
        Assert.Equal(2, source.LastParts.Count);
        foreach (var part in source.LastParts)
        {
            byHand.Add(LatencyHistogramCodec.Decode(part.LatencyHistogram!));
        }

        var merged = LatencyHistogramCodec.Decode(measurement.Result.LatencyHistogram!);
        Assert.True(merged.TotalCount > 0);
        Assert.Equal(byHand.TotalCount, merged.TotalCount);
        Assert.Equal(LatencyHistograms.Summarize(byHand), measurement.Result.LatencyMs);
        foreach (var percentile in new[] { 50.0, 90, 99, 99.9, 100 })
        {
            Assert.Equal(byHand.GetValueAtPercentile(percentile), merged.GetValueAtPercentile(percentile));
        }
    }

    [Fact]
    public async Task RunAsync_FlowWithDataFile_TravelsToTheAgentsWhichRunIt()
    {
        var users = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using var pair = await AgentPair.StartAsync(login: users.Add);
        var spec = new RequestSpec
        {
            Flow = """{ "data": { "file": "users.csv" }, "steps": [ { "name": "login", "path": "/login?u={{user}}", "expect": { "status": 200 } } ] }""",
            FlowFiles = new Dictionary<string, string> { ["users.csv"] = "user\nada\nbob\n" },
        };
        var source = new AgentLoadSource(pair.Addresses, AgentPair.Token, spec);

        var measurement = await source.RunAsync(pair.Target.Uri, LoadOptions.Closed(2, TimeSpan.FromSeconds(1)), null, CancellationToken.None);

        Assert.True(measurement.Result.Requests > 0);
        Assert.Equal(0, measurement.Result.Errors);
        Assert.True(measurement.Result.Checks.Values.All(c => c.Failed == 0));
        Assert.Equal(["ada", "bob"], users.Distinct().Order());
    }

    [Fact]
    public async Task RunAsync_WrongToken_ThrowsOneLineNamingTheAgentBeforeAnyLoad()
    {
        await using var pair = await AgentPair.StartAsync();
        var source = new AgentLoadSource(pair.Addresses, "not-the-token", new RequestSpec());

        var error = await Assert.ThrowsAsync<AgentException>(() => source.RunAsync(pair.Target.Uri, LoadOptions.Closed(2, TimeSpan.FromSeconds(1)), null, CancellationToken.None));

        Assert.Contains("refused the token (401", error.Message);
        Assert.Contains(pair.Addresses[0], error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(0, pair.Served);
    }

    [Fact]
    public async Task RunAsync_UnreachableAgent_ThrowsOneLineBeforeAnyLoad()
    {
        await using var pair = await AgentPair.StartAsync(count: 1);
        var dead = $"127.0.0.1:{ScaleLab.Tests.Support.FreePort.Get()}";
        var source = new AgentLoadSource([pair.Addresses[0], dead], AgentPair.Token, new RequestSpec());

        var error = await Assert.ThrowsAsync<AgentException>(() => source.RunAsync(pair.Target.Uri, LoadOptions.Closed(2, TimeSpan.FromSeconds(1)), null, CancellationToken.None));

        Assert.Contains($"agent {dead} is unreachable", error.Message);
        Assert.Equal(0, pair.Served);
    }

    [Fact]
    public async Task RunAsync_AgentStoppedMidRun_ReportedLostWithWhatItSentAndTheRunEndsInBounds()
    {
        await using var pair = await AgentPair.StartAsync();
        var source = new AgentLoadSource(pair.Addresses, AgentPair.Token, new RequestSpec());
        var options = LoadOptions.Closed(2, TimeSpan.FromSeconds(4));

        var measuring = new TaskCompletionSource();
        var run = source.RunAsync(pair.Target.Uri, options, new InlineProgress(p => _ = p.Requests > 0 && measuring.TrySetResult()), CancellationToken.None);
        // Once both agents have streamed an interval of the window, one goes away.
        await measuring.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await pair.Agents[1].DisposeAsync();
        // The coordinator's own deadline (window, timeout, grace: about 30 s) ends the run; this only guards a hang.
        var measurement = await run.WaitAsync(TimeSpan.FromSeconds(90));

        var lost = measurement.Result.Agents![1];
        Assert.True(lost.Lost);
        Assert.NotNull(lost.LostAtSeconds);
        Assert.InRange(lost.LostAtSeconds!.Value, 0, 4);
        Assert.True(lost.Requests > 0, "what the lost agent had streamed is counted");
        Assert.False(measurement.Result.Agents[0].Lost);
        Assert.Equal(measurement.Result.Requests, measurement.Result.Agents.Sum(a => a.Requests));
        // The lost agent's responses keep their status codes: it streamed its running account with its intervals.
        Assert.True(measurement.Result.StatusCodes.Values.Sum() >= measurement.Result.Requests - measurement.Result.Errors,
            $"status codes {measurement.Result.StatusCodes.Values.Sum()} for {measurement.Result.Requests} requests, {measurement.Result.Errors} errors");
        Assert.Contains(measurement.Result.Warnings, w => w.Contains("was lost at", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_AgentBusyWithAnotherRun_ThrowsItsReasonBeforeAnyLoad()
    {
        await using var pair = await AgentPair.StartAsync();
        var holder = new AgentLoadSource([pair.Addresses[1]], AgentPair.Token, new RequestSpec());
        using var release = new CancellationTokenSource();
        var held = holder.RunAsync(pair.Target.Uri, LoadOptions.Closed(1, TimeSpan.FromSeconds(60)), null, release.Token);
        await WaitUntilBusyAsync(pair, 1);
        // A short lease: the wait for a held agent to free itself lasts about that long.
        var source = new AgentLoadSource(pair.Addresses, AgentPair.Token, new RequestSpec()) { Lease = TimeSpan.FromSeconds(1) };

        var error = await Assert.ThrowsAsync<AgentException>(() => source.RunAsync(pair.Target.Uri, LoadOptions.Closed(2, TimeSpan.FromSeconds(1)), null, CancellationToken.None));

        Assert.Contains($"agent {pair.Addresses[1]} is busy: run run-", error.Message);
        release.Cancel();
        await held.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task RunAsync_AgentFreedWhileWaited_RunsOnceItIsFree()
    {
        await using var pair = await AgentPair.StartAsync();
        var holder = new AgentLoadSource([pair.Addresses[1]], AgentPair.Token, new RequestSpec());
        var held = holder.RunAsync(pair.Target.Uri, LoadOptions.Closed(1, TimeSpan.FromSeconds(1)), null, CancellationToken.None);
        await WaitUntilBusyAsync(pair, 1);
        // A lease far longer than what is left of the holder's run: the source waits for it, however slow the machine.
        var source = new AgentLoadSource(pair.Addresses, AgentPair.Token, new RequestSpec()) { Lease = TimeSpan.FromSeconds(30) };

        var measurement = await source.RunAsync(pair.Target.Uri, LoadOptions.Closed(2, TimeSpan.FromSeconds(1)), null, CancellationToken.None);

        await held;
        Assert.Equal(2, measurement.Result.Agents!.Count);
        Assert.All(measurement.Result.Agents!, a => Assert.True(a.Requests > 0));
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsTheAgentsAndReturnsWhatWasMeasuredInterrupted()
    {
        await using var pair = await AgentPair.StartAsync();
        var source = new AgentLoadSource(pair.Addresses, AgentPair.Token, new RequestSpec());
        using var stop = new CancellationTokenSource();
        var measuring = new TaskCompletionSource();

        var run = source.RunAsync(pair.Target.Uri, LoadOptions.Closed(2, TimeSpan.FromSeconds(30)), new InlineProgress(p => _ = p.Requests > 0 && measuring.TrySetResult()), stop.Token);
        await measuring.Task.WaitAsync(TimeSpan.FromSeconds(10));
        stop.Cancel();
        var measurement = await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(measurement.Result.Interrupted);
        Assert.True(measurement.Result.Requests > 0);
        Assert.All(measurement.Result.Agents!, a => Assert.False(a.Lost));
        for (var i = 0; i < 2; i++)
        {
            using var client = pair.Client(i);
            Assert.False((await client.GetFromJsonAsync<AgentInfo>("v1/agent", AgentJson.Options))!.Busy);
        }
    }

    [Fact]
    public async Task RunAsync_HdrCallback_GetsMergedIntervalsThatAddUpToTheStreamedCounts()
    {
        await using var pair = await AgentPair.StartAsync();
        long logged = 0;
        var source = new AgentLoadSource(pair.Addresses, AgentPair.Token, new RequestSpec()) { OnInterval = h => logged += h.TotalCount };

        var measurement = await source.RunAsync(pair.Target.Uri, LoadOptions.Closed(2, TimeSpan.FromSeconds(1)), null, CancellationToken.None);

        Assert.True(logged > 0);
        Assert.Equal(measurement.Intervals.Sum(i => i.TotalCount), logged);
    }

    private static async Task WaitUntilBusyAsync(AgentPair pair, int index)
    {
        using var client = pair.Client(index);
        for (var i = 0; i < 100; i++)
        {
            if ((await client.GetFromJsonAsync<AgentInfo>("v1/agent", AgentJson.Options))!.Busy)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the agent never took the run");
    }

    /// <summary>Reports on the caller's thread, at once (<see cref="Progress{T}"/> posts to the thread pool).</summary>
    private sealed class InlineProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
