namespace ScaleLab.Core.Diagnosis;

/// <summary>Why throughput stopped growing, in the terms of the Universal Scalability Law.</summary>
public enum VerdictCause
{
    /// <summary>Requests wait for one another on something other than the CPU: a lock, a pool, a single thread (σ).</summary>
    Contention,

    /// <summary>Each request costs more as more run at once, so throughput falls past a peak (κ).</summary>
    Coherency,

    /// <summary>The target's processes use (nearly) all the CPU they may use: the instance is full.</summary>
    Saturation,

    /// <summary>No scalability problem.</summary>
    None,
}
