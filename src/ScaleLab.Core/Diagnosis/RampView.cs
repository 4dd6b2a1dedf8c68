using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// The steps sorted by what they may be used for: the baseline; the steps that describe the target (not cut short
/// by Ctrl-C, measured before a separate generator ran out of CPU); those up to the users to serve, which decide
/// the kind; and the fit of the target's steps.
/// </summary>
internal sealed class RampView
{
    private RampView(DiagnoseStep baseline, IReadOnlyList<DiagnoseStep> measured, int users, DiagnoseStep? generatorLimitedAt, ScalabilityAnalysis? analysis)
    {
        Baseline = baseline;
        Measured = measured;
        Judged = measured.Where(s => s.Concurrency <= users).ToArray();
        Ramp = Judged.Where(s => s.Concurrency >= 2).ToArray();
        GeneratorLimitedAt = generatorLimitedAt;
        Analysis = analysis;
    }

    /// <summary>One user: the N = 1 step.</summary>
    public DiagnoseStep Baseline { get; }

    /// <summary>Every step that describes the target, the baseline first, at any N.</summary>
    public IReadOnlyList<DiagnoseStep> Measured { get; }

    /// <summary><see cref="Measured"/> up to the users to serve: these decide the kind.</summary>
    public IReadOnlyList<DiagnoseStep> Judged { get; }

    /// <summary><see cref="Judged"/> without the baseline: the load steps.</summary>
    public IReadOnlyList<DiagnoseStep> Ramp { get; }

    /// <summary>The first step at which a separate generator ran out of CPU; it and later steps are not judged.</summary>
    public DiagnoseStep? GeneratorLimitedAt { get; }

    /// <summary>The fits of <see cref="Measured"/>; null with fewer than three loads.</summary>
    public ScalabilityAnalysis? Analysis { get; }

    /// <summary>One user's throughput as efficiency counts it (<see cref="DiagnoseStep.OneUserThroughput"/>).</summary>
    public double OneUserThroughput => FastestPerUser.Throughput / FastestPerUser.Concurrency;

    /// <summary>The step whose users each got the most throughput: the one that sets <see cref="OneUserThroughput"/>.</summary>
    public DiagnoseStep FastestPerUser { get; private init; } = null!;

    /// <summary>The largest N measured.</summary>
    public int MaxN => Measured[^1].Concurrency;

    public static RampView Of(DiagnosisInput input)
    {
        var steps = DiagnoseStep.WithEfficiency(input.Steps);
        var baseline = steps[0];
        var measured = new List<DiagnoseStep> { baseline };
        DiagnoseStep? limited = null;
        foreach (var step in steps.Skip(1))
        {
            if (step.Interrupted)
            {
                continue;
            }

            if (input.GeneratorIsSeparate && step.GeneratorSaturated)
            {
                limited = step;
                break;
            }

            measured.Add(step);
        }

        return new RampView(baseline, measured, input.Users, limited, Fit(measured))
        {
            FastestPerUser = steps.Where(s => !s.Interrupted).Prepend(baseline).MaxBy(s => s.Throughput / s.Concurrency)!,
        };
    }

    private static ScalabilityAnalysis? Fit(IReadOnlyList<DiagnoseStep> steps)
    {
        if (steps.Select(s => s.Concurrency).Distinct().Count() < 3)
        {
            return null;
        }

        try
        {
            return ScalabilityAnalyzer.Analyze(steps.Select(s => new ScalabilityPoint(s.Concurrency, s.Throughput)).ToArray());
        }
        catch (ScalabilityDataException)
        {
            return null;
        }
    }
}
