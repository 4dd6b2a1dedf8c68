using ScaleLab.Core.Diagnosis;

namespace ScaleLab.Load.Diagnosis;

/// <summary>
/// What a diagnosis is asked to do: the objective, the users to serve, the ramp's steps and the time it may take.
/// The defaults are <c>scalelab diagnose</c>'s.
/// </summary>
public sealed record DiagnosisPlan
{
    /// <summary>The most users a ramp may reach, as the engine allows.</summary>
    public const int MostUsers = 100_000;

    /// <summary>The objective (<c>--slo</c>).</summary>
    public Slo Slo { get; init; } = Slo.Default;

    /// <summary>The concurrency the service must serve (<c>--users</c>).</summary>
    public int Users { get; init; } = 64;

    /// <summary>The most users the ramp goes to (<c>--max-users</c>); <see cref="Users"/> when null.</summary>
    public int? MaxUsers { get; init; }

    /// <summary>The ramp's users (<c>--steps</c>); 1, 2, 4, 8, … up to <see cref="EffectiveMaxUsers"/> when null.</summary>
    public IReadOnlyList<int>? Steps { get; init; }

    /// <summary>The whole diagnosis's time budget (<c>--max-duration</c>).</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest a step's measured window may be (<c>--step-duration</c>).</summary>
    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The one-user measurement (<c>--baseline-duration</c>).</summary>
    public TimeSpan BaselineDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Load before the baseline, left out of every result (<c>--warmup</c>).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Per-request timeout (<c>--timeout</c>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A step ends once it has about this many responses (at the throughput the last step predicts) or at
    /// <see cref="StepDuration"/>: about 1,000 responses put a p99 on ten samples and the throughput within a few
    /// percent.
    /// </summary>
    public int StepResponses { get; init; } = 1000;

    /// <summary>The shortest a step may be, so that a fast target's step still spans several sub-intervals; capped by <see cref="StepDuration"/>.</summary>
    public TimeSpan MinimumStepDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The rules' thresholds.</summary>
    public DiagnosisThresholds Thresholds { get; init; } = DiagnosisThresholds.Default;

    /// <summary><see cref="MaxUsers"/>, or <see cref="Users"/> when it is not set.</summary>
    public int EffectiveMaxUsers => MaxUsers ?? Users;

    /// <summary>
    /// The users of each step, 1 (the baseline) first: the given steps up to the maximum, or doubling from 1, with
    /// the users to serve and the maximum themselves added when doubling skips them.
    /// </summary>
    public IReadOnlyList<int> Concurrencies()
    {
        var max = EffectiveMaxUsers;
        var steps = new SortedSet<int> { 1 };
        if (Steps is { } given)
        {
            steps.UnionWith(given.Where(n => n >= 1 && n <= max));
            return steps.ToArray();
        }

        for (var n = 2; n < max; n *= 2)
        {
            steps.Add(n);
        }

        steps.Add(Math.Min(Users, max));
        steps.Add(max);
        return steps.ToArray();
    }

    /// <summary>A one-line reason the plan can't run, or null when it can.</summary>
    public string? Validate()
    {
        if (Users is < 1 or > MostUsers)
        {
            return $"--users must be between 1 and {MostUsers}";
        }

        if (MaxUsers is < 1 or > MostUsers)
        {
            return $"--max-users must be between 1 and {MostUsers}";
        }

        if (Steps is { } steps)
        {
            if (steps.Count == 0)
            {
                return "--steps: give at least one step, e.g. --steps 1,2,4,8";
            }

            foreach (var n in steps)
            {
                if (n is < 1 or > MostUsers)
                {
                    return $"--steps: {n} users is out of range (1 to {MostUsers})";
                }
            }
        }

        if (StepDuration <= TimeSpan.Zero)
        {
            return "--step-duration must be above 0";
        }

        if (BaselineDuration <= TimeSpan.Zero)
        {
            return "--baseline-duration must be above 0";
        }

        if (Timeout <= TimeSpan.Zero)
        {
            return "--timeout must be above 0";
        }

        if (Warmup < TimeSpan.Zero)
        {
            return "--warmup must not be negative";
        }

        if (MaxDuration < Warmup + BaselineDuration)
        {
            return $"--max-duration ({Core.Units.DurationParser.Format(MaxDuration)}) must leave room for the warm-up and the baseline ({Core.Units.DurationParser.Format(Warmup + BaselineDuration)})";
        }

        return null;
    }
}
