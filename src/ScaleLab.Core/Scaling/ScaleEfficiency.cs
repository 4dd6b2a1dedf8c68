namespace ScaleLab.Core.Scaling;

/// <summary>
/// Efficiency per step: capacity ÷ (replicas × the capacity of one replica of the same size). "One replica" is the
/// smallest replica count measured at that size (cores, memory), per replica: 1 replica at 1000 req/s and 2 at
/// 1800 make 0.9, the seed article's 90 %.
/// </summary>
public static class ScaleEfficiency
{
    /// <summary>The steps with <see cref="ScaleStep.Efficiency"/> filled in.</summary>
    public static IReadOnlyList<ScaleStep> Fill(IReadOnlyList<ScaleStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var perReplica = steps
            .GroupBy(s => (s.Cpus, s.MemoryMb))
            .ToDictionary(g => g.Key, g => g.MinBy(s => s.Replicas) is { } one ? one.Capacity / one.Replicas : 0);
        return steps.Select(s => s with { Efficiency = Of(s.Capacity, s.Replicas, perReplica[(s.Cpus, s.MemoryMb)]) }).ToArray();
    }

    /// <summary><paramref name="capacity"/> ÷ (<paramref name="replicas"/> × <paramref name="capacityOfOne"/>), 0 when one replica served nothing.</summary>
    public static double Of(double capacity, int replicas, double capacityOfOne) =>
        capacityOfOne > 0 && replicas > 0 ? Math.Round(capacity / (replicas * capacityOfOne), 4) : 0;
}
