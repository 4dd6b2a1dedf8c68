namespace ScaleLab.Lab.Service;

/// <summary>Whether the replica is serving (for /healthz): ready once started, not ready again once draining.</summary>
internal sealed class ReplicaState
{
    private volatile bool _ready;
    private volatile bool _draining;

    public bool IsReady => _ready && !_draining;

    public void MarkReady() => _ready = true;

    public void MarkDraining() => _draining = true;
}
