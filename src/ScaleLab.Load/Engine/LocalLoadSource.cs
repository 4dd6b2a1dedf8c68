namespace ScaleLab.Load.Engine;

/// <summary>Load from this process: a <see cref="LoadRunner"/> over the client factory made for each run.</summary>
/// <param name="createFactory">Makes the clients of one run against a target; disposed (when disposable) after it.</param>
/// <param name="timeProvider">The clock (a fake one in tests).</param>
public sealed class LocalLoadSource(Func<Uri, LoadOptions, ILoadClientFactory> createFactory, TimeProvider? timeProvider = null) : ILoadSource
{
    /// <inheritdoc/>
    public string Description => "this process";

    /// <inheritdoc/>
    public async Task<LoadMeasurement> RunAsync(Uri target, LoadOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var factory = createFactory(target, options);
        try
        {
            return await new LoadRunner(factory, options, timeProvider).RunAsync(progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            (factory as IDisposable)?.Dispose();
        }
    }
}
