namespace ScaleLab.Core.Diagnosis;

/// <summary>The latency percentile a service level objective is stated on.</summary>
public enum SloPercentile
{
    /// <summary>The median.</summary>
    P50,

    /// <summary>The 90th percentile.</summary>
    P90,

    /// <summary>The 99th percentile, the default.</summary>
    P99,
}
