namespace ScaleLab.Core.Diagnosis;

/// <summary>How a step's throughput was worked out.</summary>
public enum ThroughputEstimate
{
    /// <summary>Completed responses divided by the measured time.</summary>
    Completions,

    /// <summary>
    /// Little's law for a closed loop without think time, X = N / mean latency: used when each user completed too
    /// few responses for the window's edges not to dominate the count.
    /// </summary>
    LittlesLaw,
}
