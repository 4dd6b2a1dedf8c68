using System.Text.Json.Serialization;

namespace ScaleLab.Core.Planning;

/// <summary>What the plan recommends (<c>recommendation</c>), and why.</summary>
/// <param name="Kind"><c>scale-out</c>, <c>scale-up</c>, or <c>none</c> when neither reaches the target.</param>
/// <param name="Instance">The machine; null for none.</param>
/// <param name="Count">How many; null for none.</param>
/// <param name="MonthlyCost">Their monthly price; null for none.</param>
/// <param name="Summary">One sentence.</param>
/// <param name="Reasons">The reasons: cost, latency, failure, what would have to change.</param>
public sealed record PlanRecommendation(
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Instance,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Count,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MonthlyCost,
    string Summary,
    IReadOnlyList<string> Reasons);
