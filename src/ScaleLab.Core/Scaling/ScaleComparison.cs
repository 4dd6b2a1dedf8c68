namespace ScaleLab.Core.Scaling;

/// <summary>
/// One row of the scale-up vs scale-out table: the same cores reached by giving one replica more of them
/// (scale-up) or by adding replicas of the smallest size (scale-out).
/// </summary>
/// <param name="Cores">The cores the scaled tier may use in total.</param>
/// <param name="ScaleUpCpus">Cores of the one replica that scales up.</param>
/// <param name="ScaleUpCapacity">Its capacity, per second; null when that size was not measured.</param>
/// <param name="ScaleOutReplicas">Replicas of the smallest size that make as many cores.</param>
/// <param name="ScaleOutCapacity">Their capacity, per second; null when that size was not measured.</param>
/// <param name="Better"><c>scale-up</c>, <c>scale-out</c>, <c>even</c> (within 5 %) or null when one side is missing.</param>
public sealed record ScaleComparison(int Cores, int ScaleUpCpus, double? ScaleUpCapacity, int ScaleOutReplicas, double? ScaleOutCapacity, string? Better)
{
    /// <summary>
    /// The rows for <paramref name="steps"/>: for every core count above the smallest size's, the one-replica step
    /// with that many cores beside the step with that many smallest replicas. Empty unless cores were varied.
    /// </summary>
    public static IReadOnlyList<ScaleComparison> From(IReadOnlyList<ScaleStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var cpus = steps.Where(s => s.Cpus is not null).Select(s => s.Cpus!.Value).Distinct().Order().ToArray();
        if (cpus.Length < 2)
        {
            return [];
        }

        var unit = cpus[0];
        var memory = steps[0].MemoryMb;
        var rows = new List<ScaleComparison>();
        foreach (var c in cpus.Skip(1))
        {
            if (c % unit != 0)
            {
                continue;
            }

            var up = steps.FirstOrDefault(s => s.Replicas == 1 && s.Cpus == c && s.MemoryMb == memory);
            var outReplicas = c / unit;
            var across = steps.FirstOrDefault(s => s.Replicas == outReplicas && s.Cpus == unit && s.MemoryMb == memory);
            if (up is null && across is null)
            {
                continue;
            }

            rows.Add(new ScaleComparison(c, c, up?.Capacity, outReplicas, across?.Capacity, Compare(up?.Capacity, across?.Capacity)));
        }

        return rows;
    }

    private static string? Compare(double? up, double? across) => (up, across) switch
    {
        ({ } u, { } o) when Math.Abs(u - o) <= 0.05 * Math.Max(u, o) => "even",
        ({ } u, { } o) => u > o ? "scale-up" : "scale-out",
        _ => null,
    };
}
