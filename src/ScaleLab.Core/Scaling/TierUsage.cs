namespace ScaleLab.Core.Scaling;

/// <summary>The resources of one tier (one process, or the sum of a tier's processes) during a step.</summary>
/// <param name="Name">The tier's name: <c>balancer</c>, <c>replica-1</c>, <c>store</c>, <c>db-0</c>, <c>generator</c>.</param>
/// <param name="Role">What it is: <c>balancer</c>, <c>replica</c>, <c>store</c>, <c>database</c> or <c>generator</c>.</param>
/// <param name="CpuPercent">CPU used, as a share of the cores it may use (100 = all of them).</param>
/// <param name="CpuCores">CPU used, in cores.</param>
/// <param name="RssMb">Resident memory, in MiB.</param>
public sealed record TierUsage(string Name, string Role, double CpuPercent, double CpuCores, double RssMb)
{
    /// <summary>The cores it may use (its affinity and quota), which <see cref="CpuPercent"/> is a share of; null when unknown.</summary>
    public double? AllowedCores { get; init; }

    /// <summary>
    /// How long its threads waited for a CPU while runnable, in seconds per second: how many of them were queued for
    /// the cores it may use, on average. Null when unread.
    /// </summary>
    public double? CpuWaitCores { get; init; }
}
