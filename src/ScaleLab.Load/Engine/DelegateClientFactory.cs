namespace ScaleLab.Load.Engine;

/// <summary>
/// Loads an operation written in C#, as NBomber's scenarios do: a database call, a queue publish, anything.
/// </summary>
/// <example>
/// <code>
/// var factory = new DelegateClientFactory("redis-get", async ct =>
/// {
///     await db.StringGetAsync("key");
///     return OperationResult.Success();
/// });
/// var measurement = await new LoadRunner(factory, LoadOptions.Closed(connections: 8, TimeSpan.FromSeconds(10))).RunAsync();
/// </code>
/// </example>
public sealed class DelegateClientFactory(
    string name,
    Func<CancellationToken, ValueTask<OperationResult>> operation) : ILoadClientFactory
{
    /// <inheritdoc/>
    public string Target => name;

    /// <inheritdoc/>
    public ValueTask ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ILoadClient CreateClient(int index, CancellationToken abort) => new DelegateClient(operation, abort);

    private sealed class DelegateClient(
        Func<CancellationToken, ValueTask<OperationResult>> operation,
        CancellationToken abort) : ILoadClient
    {
        public ValueTask<OperationResult> ExecuteAsync() => operation(abort);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
