using ScaleLab.Core.Scaling;

namespace ScaleLab.Experiments.Scaling;

/// <summary>What the experiment is doing, for a live view: reported at each phase and once a second during runs.</summary>
/// <param name="Phase"><c>resizing</c>, <c>warming</c>, <c>probing</c>, <c>probed</c>, <c>step</c> (a step done), <c>fault</c>.</param>
/// <param name="StepIndex">The step (0-based) among <paramref name="StepCount"/>.</param>
/// <param name="StepCount">Steps in the plan.</param>
/// <param name="Size">The size being measured.</param>
/// <param name="Elapsed">Time since the experiment began.</param>
public sealed record ScaleProgress(string Phase, int StepIndex, int StepCount, ScaleSize Size, TimeSpan Elapsed)
{
    /// <summary>The rate being tried or just tried, per second.</summary>
    public double? Rate { get; init; }

    /// <summary>Throughput over the last second (warm-up and probes).</summary>
    public double? Throughput { get; init; }

    /// <summary>Latency at the objective's percentile of the rate just tried, in milliseconds.</summary>
    public double? LatencyMs { get; init; }

    /// <summary>Its error rate.</summary>
    public double? ErrorRate { get; init; }

    /// <summary>Its errors by kind (<c>http5xx</c>, <c>timeout</c>, <c>reset</c>, …): which tier failed, and how.</summary>
    public IReadOnlyDictionary<string, long> ErrorKinds { get; init; } = new Dictionary<string, long>();

    /// <summary>Its responses by status code: a 502 or 504 is the balancer's, a 500 the replica's.</summary>
    public IReadOnlyDictionary<string, long> StatusCodes { get; init; } = new Dictionary<string, long>();

    /// <summary>Whether the rate just tried met the objective.</summary>
    public bool? Passed { get; init; }

    /// <summary>The search's highest passing rate and lowest failing rate so far.</summary>
    public (double? Passed, double? Failed) Bracket { get; init; }

    /// <summary><c>bracketing</c>, <c>bisecting</c> or <c>done</c>.</summary>
    public string? SearchPhase { get; init; }

    /// <summary>Every tier's CPU and memory during the rate just tried.</summary>
    public IReadOnlyList<TierUsage> Tiers { get; init; } = [];

    /// <summary>The step just finished (phase <c>step</c>).</summary>
    public ScaleStep? Step { get; init; }
}
