namespace ScaleLab.Core.Diagnosis;

/// <summary>Why the load ramp ended.</summary>
public enum RampStopReason
{
    /// <summary>Every planned step was measured (up to <c>--max-users</c>).</summary>
    MaxUsers,

    /// <summary>Throughput gained less than 5% for two steps in a row.</summary>
    Plateau,

    /// <summary>The objective's percentile was far past the objective.</summary>
    LatencyFarPastSlo,

    /// <summary>More than 1% of requests failed.</summary>
    Errors,

    /// <summary>The load generator ran out of CPU: further steps would measure it, not the target.</summary>
    GeneratorSaturated,

    /// <summary>The next step would not fit in <c>--max-duration</c>.</summary>
    Budget,

    /// <summary>Ctrl-C.</summary>
    Interrupted,
}
