using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// One load level of a diagnosis: N users back to back (the closed model), what they got, and what the target's
/// processes used meanwhile. The first step, N = 1, is the one-user baseline itself.
/// </summary>
public sealed record DiagnoseStep
{
    /// <summary>The users, each sending its next request when the last one returned.</summary>
    public required int Concurrency { get; init; }

    /// <summary>Responses per second (see <see cref="ThroughputEstimate"/>).</summary>
    public required double Throughput { get; init; }

    /// <summary>How <see cref="Throughput"/> was worked out.</summary>
    public required ThroughputEstimate ThroughputEstimate { get; init; }

    /// <summary>
    /// X(N) / (N · X(1)) (<see cref="ScalingEfficiency"/>): the share of linear scaling achieved against one user's
    /// throughput; 1 is perfect, the healthy bar is 0.8. X(1) is the best throughput per user any step measured (see
    /// <see cref="OneUserThroughput"/>), not the fit's λ as in <c>fit</c>. Null when there is nothing to compare with.
    /// </summary>
    public double? Efficiency { get; init; }

    /// <summary>Latency percentiles in milliseconds.</summary>
    public required StepLatency LatencyMs { get; init; }

    /// <summary>Responses measured, errors included.</summary>
    public required long Requests { get; init; }

    /// <summary>Failed requests: transport errors, timeouts and HTTP status 400 or above.</summary>
    public required long Errors { get; init; }

    /// <summary>Errors per request, 0 to 1.</summary>
    public required double ErrorRate { get; init; }

    /// <summary>Responses by HTTP status code, as <c>statusCodes</c> of a run result.</summary>
    public IReadOnlyDictionary<string, long> StatusCodes { get; init; } = new Dictionary<string, long>();

    /// <summary>Failed requests by kind (<c>connect</c>, <c>timeout</c>, <c>http4xx</c>, …), as <c>errorKinds</c> of a run result.</summary>
    public IReadOnlyDictionary<string, long> ErrorKinds { get; init; } = new Dictionary<string, long>();

    /// <summary>The measured window, in seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>The watched processes' CPU, as a percentage of the CPUs they may use; null without <c>--watch</c>.</summary>
    public double? CpuPercent { get; init; }

    /// <summary>The CPUs the watched processes may use; null without <c>--watch</c>.</summary>
    public double? CpuLimit { get; init; }

    /// <summary>The watched processes' largest resident memory during the step, in bytes; null without <c>--watch</c>.</summary>
    public long? RssBytes { get; init; }

    /// <summary>The machine's busy CPU share during the step, 0 to 100 (the generator included); null when unknown.</summary>
    public double? MachineCpuPercent { get; init; }

    /// <summary>The load generator's CPU use, 0 to 1 of the cores it may use.</summary>
    public required double GeneratorUtilization { get; init; }

    /// <summary>True when the generator was near its CPU limit: then the step measured the generator as much as the target.</summary>
    public required bool GeneratorSaturated { get; init; }

    /// <summary>
    /// The coefficient of variation of throughput across the step's sub-intervals (0.1 = ±10%); null when the
    /// intervals held too few responses to say.
    /// </summary>
    public double? ThroughputVariation { get; init; }

    /// <summary>True for the N = 1 step taken from the baseline rather than measured again.</summary>
    public bool FromBaseline { get; init; }

    /// <summary>
    /// True when the step was measured more than once because the first measurement looked like a stall (see
    /// <see cref="RampStopRules.NeedsConfirmation"/>); this is the least disturbed of the measurements.
    /// </summary>
    public bool Repeated { get; init; }

    /// <summary>True when Ctrl-C cut the step short: it is reported but not judged.</summary>
    public bool Interrupted { get; init; }

    /// <summary>
    /// Each user must complete at least this many responses on average before completions over time is trusted;
    /// below it the window's edges (a request in flight when the window opens or closes) distort the count by up to
    /// one response per user, so Little's law is used instead.
    /// </summary>
    public const int MinimumResponsesPerUser = 20;

    /// <summary>
    /// Makes the step for <paramref name="concurrency"/> users from a closed-model run.
    /// </summary>
    /// <param name="concurrency">The users.</param>
    /// <param name="run">The run's result.</param>
    /// <param name="oneUserThroughput">X(1) for the efficiency; null or 0 when unknown.</param>
    /// <param name="usage">What the watched processes and the machine used.</param>
    /// <param name="throughputVariation">The step's throughput variation (see <see cref="ThroughputVariation"/>).</param>
    public static DiagnoseStep From(int concurrency, RunResult run, double? oneUserThroughput, ResourceUsage usage, double? throughputVariation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        var latency = StepLatency.From(run.LatencyMs);
        var (throughput, estimate) = EstimateThroughput(concurrency, run);
        return new DiagnoseStep
        {
            Concurrency = concurrency,
            Throughput = Math.Round(throughput, 2),
            ThroughputEstimate = estimate,
            Efficiency = EfficiencyOf(concurrency, throughput, oneUserThroughput),
            LatencyMs = latency,
            Requests = run.Requests,
            Errors = run.Errors,
            ErrorRate = run.ErrorRate,
            StatusCodes = run.StatusCodes,
            ErrorKinds = run.ErrorKinds,
            DurationSeconds = run.DurationSeconds,
            CpuPercent = usage.CpuPercent,
            CpuLimit = usage.CpuLimit,
            RssBytes = usage.RssBytes,
            MachineCpuPercent = usage.MachineCpuPercent,
            GeneratorUtilization = run.Generator.Utilization,
            GeneratorSaturated = run.Generator.Saturated || run.Generator.Utilization >= 0.9,
            ThroughputVariation = throughputVariation,
            Interrupted = run.Interrupted,
        };
    }

    /// <summary>
    /// One user's throughput X(1), for efficiency: the best throughput per user, X(N) / N, of any step not cut short.
    /// Queueing can only lower X(N) / N as N grows, so a lone user measured slower than each of N users were was
    /// slowed by something else (a process or CPU waking from idle for every request, a busy machine), and the
    /// faster figure is nearer the truth. Null when no step had a response.
    /// </summary>
    public static double? OneUserThroughput(IReadOnlyList<DiagnoseStep> steps)
    {
        var perUser = steps.Where(s => !s.Interrupted && s.Throughput > 0).Select(s => s.Throughput / s.Concurrency).ToArray();
        return perUser.Length > 0 ? perUser.Max() : null;
    }

    /// <summary>The steps with their efficiency against <see cref="OneUserThroughput"/>.</summary>
    public static IReadOnlyList<DiagnoseStep> WithEfficiency(IReadOnlyList<DiagnoseStep> steps)
    {
        var oneUser = OneUserThroughput(steps);
        return steps.Select(s => s with { Efficiency = EfficiencyOf(s.Concurrency, s.Throughput, oneUser) }).ToArray();
    }

    /// <summary>X(N) / (N · X(1)), rounded to three places; null without a positive X(1).</summary>
    public static double? EfficiencyOf(int concurrency, double throughput, double? oneUserThroughput) =>
        oneUserThroughput is > 0 ? Math.Round(ScalingEfficiency.Of(concurrency, throughput, oneUserThroughput.Value), 3) : null;

    /// <summary>
    /// The coefficient of variation of per-interval throughput, from each interval's responses and length;
    /// null when fewer than three intervals, or fewer than 30 responses in an average interval (counting noise alone
    /// would then exceed ±18%).
    /// </summary>
    public static double? VariationOf(IReadOnlyList<(long Responses, double Seconds)> intervals)
    {
        var usable = intervals.Where(i => i.Seconds > 0).ToArray();
        if (usable.Length < 3 || usable.Average(i => i.Responses) < 30)
        {
            return null;
        }

        var rates = usable.Select(i => i.Responses / i.Seconds).ToArray();
        var mean = rates.Average();
        if (mean <= 0)
        {
            return null;
        }

        var variance = rates.Sum(r => (r - mean) * (r - mean)) / (rates.Length - 1);
        return Math.Round(Math.Sqrt(variance) / mean, 3);
    }

    private static (double Throughput, ThroughputEstimate Estimate) EstimateThroughput(int concurrency, RunResult run)
    {
        var succeeded = run.Requests - run.Errors;
        var perUser = run.Requests / (double)concurrency;
        if (perUser < MinimumResponsesPerUser && succeeded > 0 && run.LatencyMs.Mean > 0 && run.Errors * 2 < run.Requests)
        {
            // The closed loop has no think time, so N users each waiting R on average complete N / R per second.
            return (concurrency / (run.LatencyMs.Mean / 1000.0), ThroughputEstimate.LittlesLaw);
        }

        return (run.Throughput, ThroughputEstimate.Completions);
    }
}
