namespace ScaleLab.Experiments.Scaling;

/// <summary>One size of the scaled tier: how many replicas, and what each may use.</summary>
/// <param name="Replicas">Replicas of the scaled tier.</param>
/// <param name="Cpus">Cores each replica may use (CPU affinity, <c>DOTNET_PROCESSOR_COUNT</c>, or a Kubernetes CPU limit); null for no limit.</param>
/// <param name="MemoryMb">Memory each replica may use in MiB (the GC heap hard limit, or a Kubernetes memory limit); null for no limit.</param>
public sealed record ScaleSize(int Replicas, int? Cpus = null, int? MemoryMb = null);
