using System.Text.Json.Serialization;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// The JSON result of <c>scalelab diagnose</c> (kind <c>diagnose</c>): the header every result carries, the
/// verdict and its confidence, the one-user baseline (a run result), every step, the fits (<c>usl</c> as
/// <c>scalelab fit</c> reports it), the objective, and what was watched. Field names are a public contract.
/// </summary>
public sealed record DiagnoseResult : ResultDocument
{
    /// <summary>The URL diagnosed.</summary>
    public required string Target { get; init; }

    /// <summary>The concurrency the service must serve (<c>--users</c>).</summary>
    public required int Users { get; init; }

    /// <summary>The most users the ramp could go to (<c>--max-users</c>).</summary>
    public required int MaxUsers { get; init; }

    /// <summary>The objective judged.</summary>
    public required Slo Slo { get; init; }

    /// <summary>The verdict; null when nothing could be measured.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required Verdict? Verdict { get; init; }

    /// <summary>How far to trust the verdict.</summary>
    public required DiagnosisConfidence Confidence { get; init; }

    /// <summary>The one-user measurement, as <c>scalelab run -c 1</c> would report it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required RunResult? Baseline { get; init; }

    /// <summary>Every step measured, the baseline (N = 1) first.</summary>
    public required IReadOnlyList<DiagnoseStep> Steps { get; init; }

    /// <summary>Why the ramp ended.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required RampStop? Ramp { get; init; }

    /// <summary>The whole diagnosis's wall time, in seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>The Universal Scalability Law fit of the steps, as <c>scalelab fit</c> reports it; null with fewer than three loads.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required UslSection? Usl { get; init; }

    /// <summary>Amdahl's law fitted alone; null with fewer than three loads.</summary>
    public AmdahlSection? Amdahl { get; init; }

    /// <summary>The model the fit prefers; null without a fit.</summary>
    public ScalabilityModelKind? Preferred { get; init; }

    /// <summary>The fit's warnings.</summary>
    public required IReadOnlyList<FitWarning> FitWarnings { get; init; }

    /// <summary>What was watched; null without <c>--watch</c> or <c>--watch-name</c>.</summary>
    public WatchSummary? Watch { get; init; }

    /// <summary>True when Ctrl-C ended the diagnosis early; it then holds what was measured.</summary>
    public required bool Interrupted { get; init; }

    /// <summary>
    /// The thresholds (<c>--threshold</c>) judged on the step at <see cref="ThresholdUsers"/> users; empty without.
    /// </summary>
    public IReadOnlyList<ThresholdOutcome> Thresholds { get; init; } = [];

    /// <summary>
    /// The users of the step the thresholds were judged on: the step at <see cref="Users"/> when the ramp measured
    /// it, else the last step it measured; null without thresholds.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ThresholdUsers { get; init; }

    /// <summary>Assembles the result of one diagnosis.</summary>
    public static DiagnoseResult Create(
        ResultHeader header,
        string target,
        int users,
        int maxUsers,
        Slo slo,
        RunResult? baseline,
        IReadOnlyList<DiagnoseStep> steps,
        RampStop? ramp,
        TimeSpan duration,
        WatchSummary? watch,
        Judgement judgement,
        bool interrupted)
    {
        var analysis = judgement.Analysis;
        return Stamp(new DiagnoseResult
        {
            Target = target,
            Users = users,
            MaxUsers = maxUsers,
            Slo = slo,
            Verdict = judgement.Verdict,
            Confidence = judgement.Confidence,
            Baseline = baseline,
            Steps = steps,
            Ramp = ramp,
            DurationSeconds = Math.Round(duration.TotalSeconds, 3),
            Usl = analysis is null ? null : UslSection.From(analysis.Usl),
            Amdahl = analysis is null ? null : AmdahlSection.From(analysis.Amdahl),
            Preferred = analysis?.Preferred,
            FitWarnings = analysis?.Warnings ?? [],
            Watch = watch,
            Interrupted = interrupted,
        }, header);
    }
}
