using System.Text.Json.Serialization;
using ScaleLab.Core.Results;

namespace ScaleLab.Core.Planning;

/// <summary>
/// The JSON result of <c>scalelab plan</c> (kind <c>plan</c>): the target, the options (scale out, scale up) with
/// their cost, the recommendation, what each answer rests on, and the cost curve. Field names are a public contract.
/// </summary>
public sealed record PlanResult : ResultDocument
{
    /// <summary>A result of kind <c>plan</c>.</summary>
    public PlanResult() => Kind = "plan";

    /// <summary>The throughput to reach, per second.</summary>
    public required double Target { get; init; }
    /// <summary>How the target was given: <c>--target 10000rps</c>, or a growth of the measured peak.</summary>
    public required string TargetSource { get; init; }
    /// <summary>The highest capacity the scale result measured, per second.</summary>
    public required double MeasuredPeak { get; init; }
    /// <summary>The objective the capacities hold under, such as <c>p99 ≤ 100 ms</c>.</summary>
    public required string Slo { get; init; }
    /// <summary>The catalog priced with.</summary>
    public required CatalogInfo Catalog { get; init; }
    /// <summary>Every option: at most one scale-out and one scale-up.</summary>
    public required IReadOnlyList<PlanOption> Options { get; init; }
    /// <summary>What to do, and why.</summary>
    public required PlanRecommendation Recommendation { get; init; }
    /// <summary>The scale-out answer's grounds; null when the scale result measured fewer than two replica counts.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ScaleOutPlan? ScaleOut { get; init; }
    /// <summary>The scale-up answer's grounds; null without <c>--cpus</c> steps.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ScaleUpPlan? ScaleUp { get; init; }
    /// <summary>Monthly cost against capacity, both paths.</summary>
    public required CostCurve CostCurve { get; init; }
    /// <summary>The result files the plan rests on.</summary>
    public IReadOnlyList<string> From { get; init; } = [];
    /// <summary>What to know before trusting it.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Copies the header's fields into this result.</summary>
    public PlanResult WithHeader(ResultHeader header) => Stamp(this, header);
}
