namespace ScaleLab.Load.Engine;

/// <summary>A snapshot of a run in progress, reported about once a second.</summary>
/// <param name="Warmup">True while the warm-up is running (its requests are not part of the results).</param>
/// <param name="Elapsed">Time since the measured window started (or since the warm-up started, during it).</param>
/// <param name="Remaining">Time left in the current phase.</param>
/// <param name="Requests">Measured requests completed so far.</param>
/// <param name="Errors">Measured errors so far.</param>
/// <param name="IntervalThroughput">Completions per second over the last interval.</param>
/// <param name="P50Ms">Median latency so far, in milliseconds.</param>
/// <param name="P99Ms">99th percentile latency so far, in milliseconds.</param>
/// <param name="Connections">Connections open now.</param>
public sealed record RunProgress(
    bool Warmup,
    TimeSpan Elapsed,
    TimeSpan Remaining,
    long Requests,
    long Errors,
    double IntervalThroughput,
    double P50Ms,
    double P99Ms,
    int Connections)
{
    /// <summary>True in the open model, whose stages ramp a rate rather than users.</summary>
    public bool OpenModel { get; init; }

    /// <summary>With stages: the stage running, from 1; null without stages.</summary>
    public int? Stage { get; init; }

    /// <summary>With stages: how many there are; null without stages.</summary>
    public int? StageCount { get; init; }

    /// <summary>With stages: the load asked for now, users (closed model) or arrivals per second (open model); null without stages.</summary>
    public double? StageLoad { get; init; }

    /// <summary>
    /// The measured window's responses so far by HTTP status code (as text), for whoever keeps a running account (an
    /// agent streams it, so that a coordinator that loses the agent still knows them); empty during the warm-up.
    /// </summary>
    public IReadOnlyDictionary<string, long> StatusCodes { get; init; } = new Dictionary<string, long>();

    /// <summary>The measured window's errors so far by kind; empty during the warm-up.</summary>
    public IReadOnlyDictionary<string, long> ErrorKinds { get; init; } = new Dictionary<string, long>();
}
