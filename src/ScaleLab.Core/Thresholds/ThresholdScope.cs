namespace ScaleLab.Core.Thresholds;

/// <summary>
/// What is known about a measurement before it runs, so that a threshold it cannot judge is refused before any load
/// is sent: the load model, the request names, the latency statistics it will record.
/// </summary>
public sealed record ThresholdScope
{
    /// <summary>True for the open model, the only one with an asked rate (<c>rate-achieved</c>).</summary>
    public bool OpenModel { get; init; }

    /// <summary>The request names the result will have; null when they are known only once it has run.</summary>
    public IReadOnlyCollection<string>? Names { get; init; }

    /// <summary>False when the measurement cannot have checks (no mix or flow that defines them); null when unknown.</summary>
    public bool? HasChecks { get; init; }

    /// <summary>The latency statistics the measurement records.</summary>
    public IReadOnlyCollection<string> LatencyStatistics { get; init; } = ThresholdParser.LatencyStatistics;

    /// <summary>Whether named figures exist at all: a diagnosis step keeps none.</summary>
    public bool HasNames { get; init; } = true;
}
