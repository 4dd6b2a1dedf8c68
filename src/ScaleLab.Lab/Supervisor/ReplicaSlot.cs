namespace ScaleLab.Lab.Supervisor;

/// <summary>A place for one replica in the lab: its id outlives the processes that fill it (a restart keeps the id).</summary>
internal sealed class ReplicaSlot(int id)
{
    public int Id { get; } = id;

    public ReplicaProcess? Process { get; set; }

    public ReplicaSlotState State { get; set; } = ReplicaSlotState.Starting;

    public int Restarts { get; set; }
}
