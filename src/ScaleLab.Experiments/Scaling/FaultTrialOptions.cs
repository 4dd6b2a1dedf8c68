namespace ScaleLab.Experiments.Scaling;

/// <summary>How a fault trial (<c>--kill-one AFTER</c>) runs: an open-model load at a rate, and one replica killed after a delay.</summary>
public sealed record FaultTrialOptions
{
    /// <summary>Arrivals per second (open model): the experiment picks it, e.g. a share of the capacity found at this size.</summary>
    public required double Rate { get; init; }

    /// <summary>How long the step's load runs.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>When the replica is killed, after the step's load began.</summary>
    public required TimeSpan KillAfter { get; init; }

    /// <summary>The timeline's resolution: how often the engine reports its totals.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the system is asked how many replicas serve.</summary>
    public TimeSpan ServingPoll { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long one operation may take before it counts as a timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Orders placed beside the load and audited afterwards (the lab); null for a target without an order audit.</summary>
    public FaultOrders? Orders { get; init; }

    /// <summary>A one-line reason the options can't run, or null.</summary>
    public string? Validate() => this switch
    {
        { Rate: <= 0 } => "the fault trial's rate must be above 0",
        { Duration.Ticks: <= 0 } => "the fault trial's duration must be above 0",
        _ when KillAfter <= TimeSpan.Zero || KillAfter >= Duration => "--kill-one must be above 0 and shorter than the step",
        { Interval.Ticks: <= 0 } or { ServingPoll.Ticks: <= 0 } => "the fault trial's intervals must be above 0",
        _ => null,
    };
}
