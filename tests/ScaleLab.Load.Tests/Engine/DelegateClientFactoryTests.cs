using ScaleLab.Load.Engine;

namespace ScaleLab.Load.Tests.Engine;

public sealed class DelegateClientFactoryTests
{
    [Fact]
    public async Task Run_OperationWrittenInCSharp_CountsOutcomesByKind()
    {
        // The README's library example: any operation, here one that fails every fifth call.
        var calls = 0;
        var factory = new DelegateClientFactory("every-fifth-fails", async cancellationToken =>
        {
            await Task.Delay(1, cancellationToken);
            return Interlocked.Increment(ref calls) % 5 == 0
                ? OperationResult.Failure("queue-full")
                : OperationResult.Success();
        });
        var options = LoadOptions.Closed(connections: 4, TimeSpan.FromSeconds(20)) with { Requests = 100 };

        var result = (await new LoadRunner(factory, options).RunAsync()).Result;

        Assert.Equal(100, result.Requests);
        Assert.Equal(20, result.Errors);
        Assert.Equal(20, result.ErrorKinds["queue-full"]);
        Assert.Equal("every-fifth-fails", result.Target);
    }

    [Fact]
    public async Task Run_OperationPastItsTimeout_CountedAsTimeout()
    {
        var factory = new DelegateClientFactory("hangs", async cancellationToken =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return OperationResult.Success();
        });
        var options = LoadOptions.Closed(connections: 2, TimeSpan.FromSeconds(1)) with { Timeout = TimeSpan.FromMilliseconds(200) };

        var result = (await new LoadRunner(factory, options).RunAsync()).Result;

        Assert.True(result.Requests >= 2, $"requests {result.Requests}");
        Assert.Equal(result.Requests, result.ErrorKinds["timeout"]);
        // A timeout measures the limit the user chose, not the target: it is an error without latency.
        Assert.Equal(Core.Results.LatencySummary.Empty, result.LatencyMs);
    }
}
