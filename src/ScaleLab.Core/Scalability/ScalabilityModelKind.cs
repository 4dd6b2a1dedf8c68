namespace ScaleLab.Core.Scalability;

/// <summary>The members of the Universal Scalability Law family, from the simplest to the most general.</summary>
public enum ScalabilityModelKind
{
    /// <summary>X(N) = λN: every unit of load adds the same throughput (σ = κ = 0).</summary>
    Linear,

    /// <summary>Amdahl's law, X(N) = λN / (1 + σ(N − 1)): contention only (κ = 0); throughput approaches λ/σ.</summary>
    Amdahl,

    /// <summary>The Universal Scalability Law, X(N) = λN / (1 + σ(N − 1) + κN(N − 1)): contention and coherency.</summary>
    Usl,
}
