using System.Globalization;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// The short notes a diagnosis step carries in every view of it (the terminal table, the report): how its throughput
/// was estimated, whether it was measured again, and what disturbed it. One wording, so the two views agree.
/// </summary>
public static class StepNotes
{
    /// <summary>The step's notes, comma-separated; empty when there are none.</summary>
    public static string Describe(DiagnoseStep step, DiagnosisThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(thresholds);
        var notes = new List<string>();
        if (step.FromBaseline)
        {
            notes.Add("baseline");
        }

        if (step.ThroughputEstimate == ThroughputEstimate.LittlesLaw)
        {
            notes.Add("X = N/R");
        }

        if (step.Repeated)
        {
            notes.Add("measured again");
        }

        if (step.GeneratorSaturated)
        {
            notes.Add("generator saturated");
        }

        if (step.ThroughputVariation is { } v && v > thresholds.NoisyVariation)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"noisy ±{v:P0}"));
        }

        if (step.Interrupted)
        {
            notes.Add("interrupted");
        }

        return string.Join(", ", notes);
    }
}
