using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Http;
using ScaleLab.Load.Tests.Support;

namespace ScaleLab.Load.Tests.Engine;

/// <summary>Every run closes every connection it opened before it returns, however it ends.</summary>
public sealed class LoadRunnerConnectionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CloseDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_ConsecutiveRuns_TargetHasNoConnectionLeftAfterEach()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () => "hello"));
        var port = target.Uri.Port;

        // The steps of a diagnosis: one run after another against the same target.
        foreach (var users in new[] { 1, 8, 30 })
        {
            var options = LoadOptions.Closed(users, Bound) with { Requests = 300 };
            var result = (await new LoadRunner(HttpTargets.Create(target.Uri, options), options).RunAsync()).Result;

            Assert.Equal(300, result.Requests);
            Assert.Equal(0, await TcpConnections.WaitForNoneAsync(port, CloseDeadline));
        }

        var open = LoadOptions.Open(rate: 200, TimeSpan.FromSeconds(1));
        var openResult = (await new LoadRunner(HttpTargets.Create(target.Uri, open), open).RunAsync()).Result;

        Assert.True(openResult.Requests > 0);
        Assert.Equal(0, await TcpConnections.WaitForNoneAsync(port, CloseDeadline));
    }

    [Fact]
    public async Task RunAsync_Interrupted_TargetHasNoConnectionLeft()
    {
        var served = 0;
        using var stop = new CancellationTokenSource();
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () =>
        {
            // Ctrl-C once the run is well under way.
            if (Interlocked.Increment(ref served) == 200)
            {
                stop.Cancel();
            }

            return "hello";
        }));
        var options = LoadOptions.Closed(connections: 16, Bound);

        var measurement = await new LoadRunner(HttpTargets.Create(target.Uri, options), options).RunAsync(null, stop.Token);

        Assert.True(measurement.Result.Interrupted);
        Assert.Equal(0, await TcpConnections.WaitForNoneAsync(target.Uri.Port, CloseDeadline));
    }

    [Fact]
    public async Task RunAsync_OperationsAbandonedForTheirTimeout_TargetHasNoConnectionLeft()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", async (HttpContext context) =>
        {
            // Never answers: every operation is abandoned at its timeout and its client renewed.
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
            return "never";
        }));
        var options = LoadOptions.Closed(connections: 6, TimeSpan.FromSeconds(1)) with { Timeout = TimeSpan.FromMilliseconds(200) };

        var result = (await new LoadRunner(HttpTargets.Create(target.Uri, options), options).RunAsync()).Result;

        Assert.True(result.ErrorKinds.GetValueOrDefault(ErrorKinds.Timeout) > 0);
        Assert.Equal(0, await TcpConnections.WaitForNoneAsync(target.Uri.Port, CloseDeadline));
    }
}
