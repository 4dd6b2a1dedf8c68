namespace ScaleLab.Load.Engine;

/// <summary>Makes the clients that put load on one target: HTTP connections, or a user's own operation.</summary>
public interface ILoadClientFactory
{
    /// <summary>What is loaded, for results and messages (a URL, or a scenario's name).</summary>
    string Target { get; }

    /// <summary>
    /// Checks once, before the run, that the target can be reached at all, so that a target that is down gives one
    /// clear line instead of a run full of errors. Throws <see cref="TargetUnreachableException"/> when it cannot.
    /// </summary>
    ValueTask ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Creates client number <paramref name="index"/>; <paramref name="abort"/> is cancelled when the engine gives up on its operation.</summary>
    ILoadClient CreateClient(int index, CancellationToken abort);
}
