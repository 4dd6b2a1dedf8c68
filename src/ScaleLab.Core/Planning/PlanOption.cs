using System.Text.Json.Serialization;
using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Planning;

/// <summary>One way to reach the target (<c>options</c> of a plan): so many of one machine, what they handle and cost.</summary>
public sealed record PlanOption
{
    /// <summary><c>scale-out</c> (more replicas) or <c>scale-up</c> (one larger machine).</summary>
    public required string Kind { get; init; }

    /// <summary>The catalog machine.</summary>
    public required string Instance { get; init; }

    /// <summary>How many of it.</summary>
    public required int Count { get; init; }

    /// <summary>The throughput they are predicted to handle within the objective, per second (the fit's point estimate).</summary>
    public required double Throughput { get; init; }

    /// <summary>The confidence band of <see cref="Throughput"/>; null when the fit has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ConfidenceInterval? ThroughputCi { get; init; }

    /// <summary>The latency percentile of the objective, measured at capacity at the nearest measured size; null when not measured.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? LatencyMs { get; init; }

    /// <summary>The price of a month (730 hours) of <see cref="Count"/> machines.</summary>
    public required double MonthlyCost { get; init; }

    /// <summary>True when the lower band (or the fit, without a band) reaches the target.</summary>
    public required bool Reachable { get; init; }

    /// <summary>Throughput (the lower band when there is one) ÷ target − 1: 0.2 is 20% to spare, negative is short.</summary>
    public required double Headroom { get; init; }

    /// <summary>vCPUs of one machine.</summary>
    public int Vcpus { get; init; }

    /// <summary>What the numbers rest on, one sentence each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
