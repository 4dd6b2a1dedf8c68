using System.Text.Json.Serialization;

namespace ScaleLab.Core.Planning;

/// <summary>What the scale-out answer rests on (<c>scaleOut</c> of a plan): the fit over replicas, the count, the limits, a failure.</summary>
public sealed record ScaleOutPlan
{
    /// <summary>The machine each replica is taken to need.</summary>
    public required string Instance { get; init; }
    /// <summary>The replica counts measured.</summary>
    public required IReadOnlyList<int> MeasuredReplicas { get; init; }
    /// <summary>How capacity against replicas was modelled.</summary>
    public required string Method { get; init; }
    /// <summary>Contention σ of the fit over replicas.</summary>
    public double Sigma { get; init; }
    /// <summary>Coherency κ of the fit over replicas.</summary>
    public double Kappa { get; init; }
    /// <summary>Capacity of one replica by the fit, per second.</summary>
    public double Lambda { get; init; }
    /// <summary>N*: the replica count past which capacity falls; null when κ = 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? PeakReplicas { get; init; }
    /// <summary>The capacity at N*, per second; null when κ = 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? PeakThroughput { get; init; }
    /// <summary>Amdahl's ceiling λ/σ; null when σ = 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? AmdahlCeiling { get; init; }
    /// <summary>The smallest count whose lower band covers the target; null when none does.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? NeededCount { get; init; }
    /// <summary>The κ at which the target would be reachable (σ as measured); null when reachable, or when no κ would do.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? KappaNeeded { get; init; }
    /// <summary>The σ at which the target would be reachable (κ as measured); null when reachable, or when no σ would do.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? SigmaNeeded { get; init; }
    /// <summary>What one failed replica costs at the needed (or largest sensible) count.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FailureImpact? Failure { get; init; }
    /// <summary>The latency the replicas' coordination added, p50 at the nearest measured count minus p50 at one replica; null when not measured.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? CoordinationLatencyMs { get; init; }
    /// <summary>The latency of the balancer's extra hop; null when not measured.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? HopLatencyMs { get; init; }
    /// <summary>Sentences on what these numbers rest on.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>The seed's "losing 1 of N": what one failed replica takes away.</summary>
/// <param name="Count">The replicas running.</param>
/// <param name="Capacity">Their capacity, per second (fit).</param>
/// <param name="CapacityAfterLoss">The capacity of one fewer, per second (fit).</param>
/// <param name="LostShare">1 − after / before.</param>
/// <param name="IdealLostShare">1/N: what linear scaling would lose.</param>
/// <param name="MeetsTargetAfterLoss">True when one fewer still covers the target (lower band).</param>
/// <param name="CountWithOneSpare">The smallest count that covers the target with one replica down; null when none does.</param>
public sealed record FailureImpact(int Count, double Capacity, double CapacityAfterLoss, double LostShare, double IdealLostShare, bool MeetsTargetAfterLoss, int? CountWithOneSpare);

/// <summary>What the scale-up answer rests on (<c>scaleUp</c> of a plan).</summary>
public sealed record ScaleUpPlan
{
    /// <summary>The core counts measured (at one replica).</summary>
    public required IReadOnlyList<int> MeasuredCpus { get; init; }
    /// <summary>How capacity against cores was modelled.</summary>
    public required string Method { get; init; }
    /// <summary>Contention σ over cores.</summary>
    public double Sigma { get; init; }
    /// <summary>Coherency κ over cores.</summary>
    public double Kappa { get; init; }
    /// <summary>Capacity of one core, per second.</summary>
    public double Lambda { get; init; }
    /// <summary>The catalog's largest machine.</summary>
    public required string LargestInstance { get; init; }
    /// <summary>What the largest machine is predicted to handle, per second: where scale-up runs out.</summary>
    public double LargestThroughput { get; init; }
    /// <summary>Sentences on what these numbers rest on.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>The catalog a plan priced with, without its machines.</summary>
/// <param name="Source">Where the prices come from.</param>
/// <param name="Date">When they were read.</param>
/// <param name="Currency">Their currency.</param>
/// <param name="ExamplePrices">True when the prices are examples, not quotes.</param>
public sealed record CatalogInfo(string? Source, string? Date, string Currency, bool ExamplePrices);
