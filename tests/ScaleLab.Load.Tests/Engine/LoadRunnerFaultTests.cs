using ScaleLab.Load.Engine;

namespace ScaleLab.Load.Tests.Engine;

/// <summary>A fault of the engine (not of the target) ends up in the result as an engine error, never as less load in silence.</summary>
public sealed class LoadRunnerFaultTests
{
    [Fact]
    public async Task RunAsync_FactoryFailsToRenewAClient_ReportsEngineErrorsForTheStoppedUsers()
    {
        // Every operation hangs until the engine abandons it; renewing the client then fails.
        var factory = new FaultyFactory(healthyClients: 3, operation: async abort =>
        {
            await Task.Delay(Timeout.Infinite, abort);
            return OperationResult.Success();
        });
        var options = LoadOptions.Closed(connections: 3, TimeSpan.FromSeconds(1)) with { Timeout = TimeSpan.FromMilliseconds(100) };

        var result = (await new LoadRunner(factory, options).RunAsync()).Result;

        Assert.Equal(3, result.ErrorKinds.GetValueOrDefault(ErrorKinds.Engine));
        Assert.Equal(3, result.ErrorKinds.GetValueOrDefault(ErrorKinds.Timeout));
        Assert.Equal(result.Requests, result.Errors);
        Assert.Contains(result.Warnings, w => w.Contains("generator itself failed", StringComparison.Ordinal)
            && w.Contains("3 users or connections stopped early", StringComparison.Ordinal)
            && w.Contains("no more clients", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_OpenModelDispatcherFails_ReportsAnEngineError()
    {
        // One connection, and operations slow enough that arrivals queue: the dispatcher then opens a second
        // connection, whose client the factory fails to make, on the dispatcher's own thread.
        var factory = new FaultyFactory(healthyClients: 1, operation: async abort =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300), abort);
            return OperationResult.Success();
        });
        var options = LoadOptions.Open(rate: 50, TimeSpan.FromSeconds(5));

        var result = (await new LoadRunner(factory, options).RunAsync()).Result;

        Assert.True(result.ErrorKinds.GetValueOrDefault(ErrorKinds.Engine) >= 1, string.Join(", ", result.ErrorKinds));
        Assert.Contains(result.Warnings, w => w.Contains("generator itself failed", StringComparison.Ordinal));
    }

    /// <summary>Makes <c>healthyClients</c> clients, then fails: a user's factory with a bug the engine must survive.</summary>
    private sealed class FaultyFactory(int healthyClients, Func<CancellationToken, ValueTask<OperationResult>> operation) : ILoadClientFactory
    {
        private int _made;

        public string Target => "faulty";

        public ValueTask ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ILoadClient CreateClient(int index, CancellationToken abort) =>
            Interlocked.Increment(ref _made) <= healthyClients
                ? new DelegateClientFactory("faulty", operation).CreateClient(index, abort)
                : throw new InvalidOperationException("no more clients");
    }
}
