namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// The numbers the ramp's stop rules and the verdict rules judge by. The defaults are the usual rules of thumb
/// (5% gain, 1% errors, 90% CPU, efficiency 0.8) and the ones chosen here, each explained where it is declared.
/// </summary>
public sealed record DiagnosisThresholds
{
    /// <summary>The thresholds every diagnosis uses unless a test says otherwise.</summary>
    public static DiagnosisThresholds Default { get; } = new();

    /// <summary>Healthy means at least this share of linear scaling at the users to serve (the article's "80% efficiency").</summary>
    public double HealthyEfficiency { get; init; } = 0.8;

    /// <summary>A step with more errors than this share breaks the objective, and ends the ramp.</summary>
    public double MaxErrorRate { get; init; } = 0.01;

    /// <summary>
    /// A one-user baseline with at least this share of failed requests (errors and statuses of 400 or more) is a
    /// target that does not work, not a slow one: a wrong URL, a port that speaks another protocol, a service that
    /// never answers. Its latencies describe failures, so it gets no performance or scalability verdict.
    /// </summary>
    public double FailingErrorRate { get; init; } = 0.5;

    /// <summary>The watched processes are saturated at this percentage of the CPU they may use.</summary>
    public double SaturatedCpuPercent { get; init; } = 90;

    /// <summary>
    /// A machine this busy has no CPU left to give: when the target shares it (with the generator, or anything else),
    /// it is saturated once it uses <see cref="CrowdedTargetCpuPercent"/> of its own allowance, even though that is
    /// below <see cref="SaturatedCpuPercent"/>.
    /// </summary>
    public double FullMachineCpuPercent { get; init; } = 90;

    /// <summary>
    /// The target's share of its allowance that makes it the one using a full machine (on two cores shared with the
    /// generator, a CPU-bound target gets about half).
    /// </summary>
    public double CrowdedTargetCpuPercent { get; init; } = 40;

    /// <summary>
    /// Throughput "falls past a peak" when the last step is this far below the best one. Noise between steps of a
    /// flat (contended) target stays within about 5%; a target burning the CPU loses a few percent more to
    /// scheduling past saturation; 15% is clear of both.
    /// </summary>
    public double RetrogradeFall { get; init; } = 0.15;

    /// <summary>The ramp stops when throughput gained less than this for <see cref="PlateauSteps"/> steps in a row.</summary>
    public double PlateauGain { get; init; } = 0.05;

    /// <summary>See <see cref="PlateauGain"/>.</summary>
    public int PlateauSteps { get; init; } = 2;

    /// <summary>
    /// The ramp stops once the objective's percentile is this many times past the objective (or past one user's
    /// value, when one user already breaks it): more users would only queue longer.
    /// </summary>
    public double FarPastSloFactor { get; init; } = 3;

    /// <summary>A step whose throughput varies more than this across its sub-intervals is noisy.</summary>
    public double NoisyVariation { get; init; } = 0.25;

    /// <summary>A baseline with fewer responses than this gives a p99 that is little more than its maximum.</summary>
    public int FewBaselineResponses { get; init; } = 100;

    /// <summary>Fewer judged loads than this make the fit, and the shape of the curve, uncertain.</summary>
    public int FewLoads { get; init; } = 4;

    /// <summary>A fit whose residual standard error is more than this share of the mean throughput describes the steps poorly.</summary>
    public double PoorFitError { get; init; } = 0.15;
}
