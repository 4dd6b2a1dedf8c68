using System.Text.Json.Serialization;

namespace ScaleLab.Core.Comparison;

/// <summary>One figure before and after, its change, and whether the change is beyond noise (<c>metrics</c> of a compare result).</summary>
public sealed record MetricChange
{
    /// <summary>The figure's name as <c>--fail-if</c> takes it: <c>p99</c>, <c>throughput</c>, <c>sigma</c>, <c>capacity@4</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>The name as printed: <c>p99</c>, <c>σ</c>, <c>capacity, 4 replicas</c>.</summary>
    public required string Label { get; init; }

    /// <summary>The unit of <see cref="Before"/> and <see cref="After"/>: <c>ms</c>, <c>/s</c>, <c>%</c>, or empty.</summary>
    public required string Unit { get; init; }

    /// <summary>The value before (the median of the runs when there are several); null when that side lacks it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? Before { get; init; }

    /// <summary>The value after (the median of the runs when there are several); null when that side lacks it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? After { get; init; }

    /// <summary>After minus before, in <see cref="Unit"/>; null when a side lacks the figure.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? Change { get; init; }

    /// <summary>After ÷ before − 1 (−0.7 is −70%); null when a side lacks it or before is 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? RelativeChange { get; init; }

    /// <summary>The two-sided p-value of the change; null without a noise estimate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? PValue { get; init; }

    /// <summary>How the p-value was found (see <see cref="NoiseTest"/>); null without one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Test { get; init; }

    /// <summary>True when p is below the comparison's alpha; false when within noise (printed <c>~</c>); null without a noise estimate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public bool? BeyondNoise { get; init; }

    /// <summary>True when more is better (throughput, capacity, N*), false when less is (latency, errors, σ, κ).</summary>
    public bool HigherIsBetter { get; init; }

    /// <summary>Why there is no noise estimate, or what to know about it; null when nothing.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }

    /// <summary>True when the change is beyond noise and for the worse.</summary>
    [JsonIgnore]
    public bool IsWorse => BeyondNoise == true && Change is { } c && c != 0 && c > 0 != HigherIsBetter;
}
