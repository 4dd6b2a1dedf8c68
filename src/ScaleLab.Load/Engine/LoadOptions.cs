namespace ScaleLab.Load.Engine;

/// <summary>What a load test is asked to do. Every run is bounded in time; <see cref="Requests"/> can end it sooner.</summary>
public sealed record LoadOptions
{
    /// <summary>Closed (a fixed number of users, each waiting for its answer) or open (arrivals at a rate, whatever the answers).</summary>
    public LoadModel Model { get; init; } = LoadModel.Closed;

    /// <summary>Closed model: the number of users (connections).</summary>
    public int Connections { get; init; } = 10;

    /// <summary>Open model: arrivals per second.</summary>
    public double Rate { get; init; }

    /// <summary>Open model: how arrivals are spaced, evenly or as a Poisson process.</summary>
    public ArrivalProcess Arrivals { get; init; } = ArrivalProcess.Uniform;

    /// <summary>Open model: the most connections opened to keep up with the rate while the target is slow.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>The measured window.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stop after this many measured requests (null: only the duration bounds the run).</summary>
    public long? Requests { get; init; }

    /// <summary>Load offered before the measured window, measured apart and left out of the results.</summary>
    public TimeSpan Warmup { get; init; }

    /// <summary>How long one operation may take before it is abandoned and counted as a timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Closed model: a pause between a user's response and its next request.</summary>
    public TimeSpan ThinkTime { get; init; }

    /// <summary>Open model: how late a start may be before it counts as missed.</summary>
    public TimeSpan MissedStartTolerance { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How often progress is reported and an interval histogram is taken.</summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Seed for arrivals and request mixes, so that runs can be repeated exactly.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Stages the load ramps through (null: a steady load). The closed model ramps its users from
    /// <see cref="Connections"/> (0 allowed), the open model its arrival rate from <see cref="Rate"/> (0 allowed);
    /// <see cref="Duration"/> must be the stages' total (see <see cref="WithStages"/>), and there is no warm-up: the
    /// first stage is one.
    /// </summary>
    public IReadOnlyList<LoadStage>? Stages { get; init; }

    /// <summary>
    /// Open model: the share of the arrival schedule this generator sends when several send one run (null: all of
    /// it). Its result's rate, rate asked and arrivals are then its share's.
    /// </summary>
    public LoadShare? Share { get; init; }

    /// <summary>The fraction of the arrivals this generator sends: 1 alone, 1/count with a share.</summary>
    public double ShareFraction => Model == LoadModel.Open && Share is { } share ? 1.0 / share.Count : 1;

    /// <summary>The most users (closed model) or the highest rate (open model) asked for at any moment.</summary>
    public double PeakLoad => Model == LoadModel.Closed
        ? Math.Max(Connections, Stages?.Max(s => s.Target) ?? 0)
        : Math.Max(Rate, Stages?.Max(s => s.Target) ?? 0);

    /// <summary>These options following <paramref name="stages"/>, their duration the stages' total.</summary>
    public LoadOptions WithStages(IReadOnlyList<LoadStage> stages) =>
        this with { Stages = stages, Duration = LoadStage.TotalDuration(stages) };

    /// <summary>A closed-model run with <paramref name="connections"/> users for <paramref name="duration"/>.</summary>
    public static LoadOptions Closed(int connections, TimeSpan duration) =>
        new() { Model = LoadModel.Closed, Connections = connections, Duration = duration };

    /// <summary>An open-model run at <paramref name="rate"/> requests per second for <paramref name="duration"/>.</summary>
    public static LoadOptions Open(double rate, TimeSpan duration) =>
        new() { Model = LoadModel.Open, Rate = rate, Duration = duration };

    /// <summary>Returns a one-line reason the options can't run, or null when they can.</summary>
    public string? Validate() => (Stages is null ? ValidateLoad() : ValidateStages()) ?? ValidateRest();

    /// <summary>A steady load: the users or the rate themselves.</summary>
    private string? ValidateLoad() => this switch
    {
        { Model: LoadModel.Closed, Connections: < 1 or > 100_000 } => "connections must be between 1 and 100000",
        { Model: LoadModel.Open } when !(Rate > 0 && Rate <= 10_000_000) => "rate must be above 0 and at most 10000000 per second",
        _ => null,
    };

    /// <summary>What every run needs, steady or staged.</summary>
    private string? ValidateRest() => this switch
    {
        { Model: LoadModel.Open, MaxConnections: < 1 or > 100_000 } => "max-connections must be between 1 and 100000",
        { Duration.Ticks: <= 0 } => "duration must be above 0",
        { Requests: < 1 } => "requests must be at least 1",
        { Warmup.Ticks: < 0 } => "warmup must not be negative",
        { Timeout.Ticks: <= 0 } => "timeout must be above 0",
        { ThinkTime.Ticks: < 0 } => "think time must not be negative",
        { Share: { } share } when share.Validate() is { } problem => problem,
        _ => null,
    };

    /// <summary>A staged load: the stages, and the start value they ramp from (0 allowed).</summary>
    private string? ValidateStages()
    {
        var stages = Stages!;
        if (stages.Count == 0 || stages.All(s => s.Duration <= TimeSpan.Zero))
        {
            return "the stages last no time at all: give at least one a duration above 0";
        }

        if (stages.Any(s => s.Duration < TimeSpan.Zero || !(s.Target >= 0) || double.IsInfinity(s.Target)))
        {
            return "a stage's duration and target must not be negative";
        }

        if (Duration != LoadStage.TotalDuration(stages))
        {
            return "with stages the duration is their total: leave the duration out";
        }

        if (Warmup > TimeSpan.Zero)
        {
            return "with stages there is no warm-up: the first stage is one (drop the warm-up, or add a stage)";
        }

        if (Model == LoadModel.Closed)
        {
            if (Connections is < 0 or > 100_000 || stages.Any(s => s.Target > 100_000 || s.Target != Math.Floor(s.Target)))
            {
                return "in the closed model a stage's target is users: a whole number from 0 to 100000";
            }
        }
        else if (!(Rate >= 0) || Rate > 10_000_000 || stages.Any(s => s.Target > 10_000_000))
        {
            return "in the open model a stage's target is arrivals per second: from 0 to 10000000";
        }

        return PeakLoad <= 0 ? "the stages never ask for any load: give a stage a target above 0" : null;
    }
}
