using ScaleLab.Core.Results;
using ScaleLab.Core.Scaling;

namespace ScaleLab.Core.Tests.Scaling;

/// <summary>Scale steps for the rules' tests: a size, a capacity, and the tiers' CPU.</summary>
internal static class Steps
{
    public static ScaleStep At(int replicas, double capacity, int? cpus = null, double? machine = null, params TierUsage[] tiers) => new()
    {
        Replicas = replicas,
        Cpus = cpus,
        Capacity = capacity,
        Efficiency = 1,
        LatencyMs = LatencySummary.Empty,
        MachineCpuPercent = machine,
        Tiers = tiers,
    };

    public static TierUsage Tier(string name, string role, double cores, double allowed = 2) =>
        new(name, role, 100 * cores / allowed, cores, 100) { AllowedCores = allowed };
}
