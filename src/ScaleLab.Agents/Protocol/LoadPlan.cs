using ScaleLab.Load.Engine;

namespace ScaleLab.Agents.Protocol;

/// <summary>A <see cref="LoadOptions"/> on the wire: durations in milliseconds, the share of the open model's arrivals.</summary>
internal sealed record LoadPlan
{
    public LoadModel Model { get; init; }
    public int Connections { get; init; }
    public double Rate { get; init; }
    public ArrivalProcess Arrivals { get; init; }
    public int MaxConnections { get; init; }
    public double DurationMs { get; init; }
    public long? Requests { get; init; }
    public double WarmupMs { get; init; }
    public double TimeoutMs { get; init; }
    public double ThinkTimeMs { get; init; }
    public double MissedStartToleranceMs { get; init; }
    public double ReportIntervalMs { get; init; }
    public int Seed { get; init; }
    public IReadOnlyList<StagePlan>? Stages { get; init; }
    public LoadShare? Share { get; init; }

    public static LoadPlan From(LoadOptions options) => new()
    {
        Model = options.Model,
        Connections = options.Connections,
        Rate = options.Rate,
        Arrivals = options.Arrivals,
        MaxConnections = options.MaxConnections,
        DurationMs = options.Duration.TotalMilliseconds,
        Requests = options.Requests,
        WarmupMs = options.Warmup.TotalMilliseconds,
        TimeoutMs = options.Timeout.TotalMilliseconds,
        ThinkTimeMs = options.ThinkTime.TotalMilliseconds,
        MissedStartToleranceMs = options.MissedStartTolerance.TotalMilliseconds,
        ReportIntervalMs = options.ReportInterval.TotalMilliseconds,
        Seed = options.Seed,
        Stages = options.Stages?.Select(s => new StagePlan(s.Duration.TotalMilliseconds, s.Target)).ToArray(),
        Share = options.Share,
    };

    public LoadOptions ToOptions() => new()
    {
        Model = Model,
        Connections = Connections,
        Rate = Rate,
        Arrivals = Arrivals,
        MaxConnections = MaxConnections,
        Duration = TimeSpan.FromMilliseconds(DurationMs),
        Requests = Requests,
        Warmup = TimeSpan.FromMilliseconds(WarmupMs),
        Timeout = TimeSpan.FromMilliseconds(TimeoutMs),
        ThinkTime = TimeSpan.FromMilliseconds(ThinkTimeMs),
        MissedStartTolerance = TimeSpan.FromMilliseconds(MissedStartToleranceMs),
        ReportInterval = TimeSpan.FromMilliseconds(ReportIntervalMs),
        Seed = Seed,
        Stages = Stages?.Select(s => new LoadStage(TimeSpan.FromMilliseconds(s.DurationMs), s.Target)).ToArray(),
        Share = Share,
    };
}
