using System.Text.Json.Serialization;
using ScaleLab.Core.Results;

namespace ScaleLab.Core.Scaling;

/// <summary>One size measured by <c>scale</c>: its capacity at the objective, the latency there, and every tier's resources.</summary>
public sealed record ScaleStep
{
    /// <summary>Replicas of the scaled tier.</summary>
    public required int Replicas { get; init; }
    /// <summary>Cores each replica may use; null when not limited.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? Cpus { get; init; }
    /// <summary>Memory each replica may use, in MiB; null when not limited.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? MemoryMb { get; init; }
    /// <summary>The highest open-model rate, per second, whose latency percentile and errors stay within the objective.</summary>
    public required double Capacity { get; init; }
    /// <summary>Capacity ÷ (replicas × capacity of one replica of the same size); 1 for the first step.</summary>
    public required double Efficiency { get; init; }
    /// <summary>How long the load took to reach a stable rate before measuring, in seconds.</summary>
    public double WarmupSeconds { get; init; }
    /// <summary>Latency at the capacity rate, in milliseconds.</summary>
    public required LatencySummary LatencyMs { get; init; }
    /// <summary>Failed requests at the capacity rate.</summary>
    public long Errors { get; init; }
    /// <summary>Requests sent at the capacity rate.</summary>
    public long Requests { get; init; }
    /// <summary>Every tier's CPU and memory at the capacity rate.</summary>
    public IReadOnlyList<TierUsage> Tiers { get; init; } = [];
    /// <summary>
    /// Every tier's CPU and memory while the warm-up drove the system flat out (as many users as keep every replica
    /// busy): the tier that limits the system is at the cores it may use there, whereas at the capacity rate a tail
    /// objective keeps every tier some way below them. Empty when not sampled.
    /// </summary>
    public IReadOnlyList<TierUsage> FlatOutTiers { get; init; } = [];
    /// <summary>True when the generator or the machine, not the system, limited this step (its verdict is then not trusted).</summary>
    public bool GeneratorLimited { get; init; }
    /// <summary>What limited the step when <see cref="GeneratorLimited"/>: <c>generator</c> or <c>machine</c>; null otherwise.</summary>
    public string? LimitedBy { get; init; }
    /// <summary>The whole machine's busy CPU share at the capacity rate, 0 to 100; null when unread.</summary>
    public double? MachineCpuPercent { get; init; }
    /// <summary>The rates tried to find the capacity.</summary>
    public int Probes { get; init; }
}
