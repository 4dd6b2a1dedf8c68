using ScaleLab.Core.Scaling;
using ScaleLab.Load.Engine;

namespace ScaleLab.Experiments.Scaling;

/// <summary>What a <see cref="ScaleExperiment"/> measures, and the bounds it keeps to.</summary>
public sealed record ScalePlan
{
    /// <summary>The sizes, in the order measured.</summary>
    public required IReadOnlyList<ScaleSize> Sizes { get; init; }

    /// <summary>The objective capacity is found under.</summary>
    public required ScaleObjective Objective { get; init; }

    /// <summary>
    /// The load client of every run, given where the system listens and the run's options (the request or mix): the
    /// load then comes from this process. Ignored when <see cref="Load"/> is given.
    /// </summary>
    public Func<Uri, LoadOptions, ILoadClientFactory>? CreateFactory { get; init; }

    /// <summary>
    /// Where every run's load comes from (this process, or agents), sent to where the system listens; when null, a
    /// <see cref="LocalLoadSource"/> over <see cref="CreateFactory"/>.
    /// </summary>
    public ILoadSource? Load { get; init; }

    /// <summary>Each rate's measured window (<c>--step-duration</c>).</summary>
    public TimeSpan ProbeDuration { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Load before each rate's window, left out: the queues of the rate before drain or fill.</summary>
    public TimeSpan ProbeWarmup { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest a warm-up may take before the step is measured anyway.</summary>
    public TimeSpan MaxWarmup { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>The whole experiment's time budget (<c>--max-duration</c>): past it, no new rate or step starts.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A request's timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The most rates tried per step.</summary>
    public int MaxProbes { get; init; } = CapacitySearch.DefaultMaxProbes;

    /// <summary>Closed-model users per replica during the warm-up: enough to keep every replica's workers busy.</summary>
    public int WarmupUsersPerReplica { get; init; } = 16;

    /// <summary>
    /// The <c>--kill-one</c> trial, run at the largest replica count once its capacity is known; null without. Given
    /// the system (at that size), the step measured, and the cancellation, it returns what the lost replica cost, or
    /// null when the trial could not be run (the steps measured are kept either way).
    /// </summary>
    public Func<IScaledSystem, ScaleStep, CancellationToken, Task<ScaleFault?>>? FaultTrial { get; init; }

    /// <summary>A one-line reason the plan can't run, or null.</summary>
    public string? Validate() => this switch
    {
        { Sizes.Count: 0 } => "give at least one size to measure",
        { Load: null, CreateFactory: null } => "give the load: a load source or a client factory",
        { ProbeDuration.Ticks: <= 0 } => "--step-duration must be above 0",
        { MaxDuration.Ticks: <= 0 } => "--max-duration must be above 0",
        { MaxProbes: < 1 } => "at least one rate must be tried per step",
        _ => null,
    };
}
