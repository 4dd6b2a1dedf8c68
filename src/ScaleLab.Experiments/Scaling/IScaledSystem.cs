namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// A system that <c>scale</c> can resize between steps and load through one URL: the lab, N copies of a user's
/// command behind a balancer, or a Kubernetes Deployment. The experiment owns it and disposes it at the end, which
/// stops whatever it started.
/// </summary>
public interface IScaledSystem : IAsyncDisposable
{
    /// <summary>What is scaled, for results and messages (<c>lab baseline</c>, the command, <c>deployment/web</c>).</summary>
    string Description { get; }

    /// <summary>Where the load is sent; valid once <see cref="ResizeAsync"/> has returned.</summary>
    Uri Endpoint { get; }

    /// <summary>
    /// Brings the system to <paramref name="size"/> (starting it on the first call) and returns once every replica
    /// is healthy and serving through <see cref="Endpoint"/>. Throws <see cref="ScaleSetupException"/> with a
    /// one-line reason when it cannot.
    /// </summary>
    Task ResizeAsync(ScaleSize size, CancellationToken cancellationToken);

    /// <summary>The processes to watch at the current size, every tier's; empty when they run elsewhere (Kubernetes).</summary>
    IReadOnlyList<ScaledProcess> Processes();

    /// <summary>
    /// Kills one replica abruptly (SIGKILL, or deleting a pod) and returns its name; null when the system can't.
    /// </summary>
    Task<string?> KillOneAsync(CancellationToken cancellationToken);

    /// <summary>Counts the replicas that are serving now, for the fault's timeline (ejection and replacement).</summary>
    Task<int> ServingReplicasAsync(CancellationToken cancellationToken);
}
