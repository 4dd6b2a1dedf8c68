using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Scaling;

/// <summary>What <c>scale</c> makes of its measured steps: efficiencies, the USL over replicas, the verdict, the scale-up table.</summary>
/// <param name="Steps">The steps, with efficiency and the machine's limit filled in.</param>
/// <param name="Usl">The USL fitted over the replica counts of the scale-out series; null with fewer than three counts.</param>
/// <param name="Verdict">The verdict; null with fewer than two replica counts.</param>
/// <param name="Comparison">Scale-up beside scale-out for the same cores.</param>
/// <param name="Warnings">What to know before trusting the numbers.</param>
public sealed record ScaleAnalysis(
    IReadOnlyList<ScaleStep> Steps,
    UslSection? Usl,
    ScaleVerdict? Verdict,
    IReadOnlyList<ScaleComparison> Comparison,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Analyses <paramref name="steps"/> measured on a machine of <paramref name="machineCores"/> cores.</summary>
    public static ScaleAnalysis Of(IReadOnlyList<ScaleStep> steps, int machineCores)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var filled = ScaleEfficiency.Fill(steps).Select(s => ScaleVerdictRules.MarkMachineLimit(s, machineCores)).ToArray();
        var series = ScaleOutSeries(filled);
        var warnings = new List<string>();
        UslSection? usl = null;
        var points = series.Where(s => s.Capacity > 0).Select(s => new ScalabilityPoint(s.Replicas, s.Capacity)).ToArray();
        if (points.Length >= ScalabilityInput.MinimumPoints)
        {
            try
            {
                usl = UslSection.From(UslFitter.Fit(points));
                if (points.Length == ScalabilityInput.MinimumPoints)
                {
                    warnings.Add("three replica counts fit the USL's three coefficients exactly: no confidence intervals (measure four or more counts for them)");
                }
            }
            catch (ScalabilityDataException ex)
            {
                warnings.Add($"the USL could not be fitted: {ex.Message}");
            }
        }

        warnings.AddRange(filled.Where(s => s.GeneratorLimited).Select(s =>
            $"{s.Replicas} replica(s){Size(s)}: the {s.LimitedBy ?? "generator"} was the limit, not the system; the verdict does not go beyond it"));
        var verdict = ScaleVerdictRules.Judge(series, usl, machineCores);
        return new ScaleAnalysis(filled, usl, verdict, ScaleComparison.From(filled), warnings);
    }

    /// <summary>
    /// The steps that vary the replica count alone: the size (cores, memory) with the most replica counts, the first
    /// measured on a tie, ordered by replicas.
    /// </summary>
    public static IReadOnlyList<ScaleStep> ScaleOutSeries(IReadOnlyList<ScaleStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return steps
            .GroupBy(s => (s.Cpus, s.MemoryMb))
            .OrderByDescending(g => g.Select(s => s.Replicas).Distinct().Count())
            .FirstOrDefault()?
            .GroupBy(s => s.Replicas).Select(g => g.Last())
            .OrderBy(s => s.Replicas)
            .ToArray() ?? [];
    }

    private static string Size(ScaleStep step) =>
        (step.Cpus, step.MemoryMb) switch
        {
            (null, null) => string.Empty,
            ({ } c, null) => $" × {c} CPU",
            (null, { } m) => $" × {m} MiB",
            ({ } c, { } m) => $" × {c} CPU, {m} MiB",
        };
}
