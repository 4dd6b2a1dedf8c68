namespace ScaleLab.Core.Diagnosis;

/// <summary>What the target's processes, and the machine, used during one step.</summary>
/// <param name="CpuPercent">
/// The watched processes' CPU time per wall second as a percentage of the CPUs they may use (affinity and cgroup
/// quota): 100 means they used all of it. Null when no process was watched.
/// </param>
/// <param name="CpuLimit">The CPUs the watched processes may use (cores, may be fractional under a quota); null when none were watched.</param>
/// <param name="RssBytes">The largest resident memory of the watched processes together; null when none were watched.</param>
/// <param name="MachineCpuPercent">The whole machine's busy CPU share, 0 to 100; null when it could not be read.</param>
public sealed record ResourceUsage(double? CpuPercent, double? CpuLimit, long? RssBytes, double? MachineCpuPercent)
{
    /// <summary>Nothing measured.</summary>
    public static ResourceUsage None { get; } = new(null, null, null, null);
}
