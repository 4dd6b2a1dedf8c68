namespace ScaleLab.Lab.Supervisor;

/// <summary>Where a replica slot is in its life; only <see cref="Ready"/> replicas are in the balancer.</summary>
internal enum ReplicaSlotState
{
    Starting,
    Ready,
    Restarting,
    Draining,
}
