namespace ScaleLab.Lab.Sharding;

/// <summary>Placeholder until the lab's sharding lands.</summary>
internal sealed class ShardRing;
