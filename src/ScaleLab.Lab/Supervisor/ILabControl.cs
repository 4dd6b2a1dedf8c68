namespace ScaleLab.Lab.Supervisor;

/// <summary>What the control endpoint lets <c>lab status / scale / down</c> do to a running supervisor.</summary>
internal interface ILabControl
{
    LabStatus Status();

    /// <summary>Changes the replica count; completes when the new replicas serve and the removed ones have drained.</summary>
    Task<LabStatus> ScaleAsync(int replicas, CancellationToken cancellationToken);

    /// <summary>SIGKILLs one replica, as a crash would; the supervisor restarts it. False when there is no such replica.</summary>
    bool KillReplica(int id);

    /// <summary>Asks the supervisor to stop everything and exit.</summary>
    void RequestStop();
}
