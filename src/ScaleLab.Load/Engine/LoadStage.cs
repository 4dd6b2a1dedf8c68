using System.Globalization;
using ScaleLab.Core.Units;

namespace ScaleLab.Load.Engine;

/// <summary>
/// One stage of a ramping load, as k6 has them: over <see cref="Duration"/> the load moves linearly from where
/// the previous stage ended (the first: from the start value) to <see cref="Target"/>, users in the closed model
/// (k6's ramping-vus), arrivals per second in the open one (ramping-arrival-rate). A stage of zero duration jumps.
/// </summary>
/// <param name="Duration">How long the stage lasts.</param>
/// <param name="Target">Where it ends: users (closed model, a whole number) or arrivals per second (open model).</param>
public sealed record LoadStage(TimeSpan Duration, double Target)
{
    /// <summary>
    /// Parses <c>30s:10,1m:10,30s:0</c>: stages separated by commas, each a duration, a colon and a target at least
    /// 0. Returns false with a one-line reason for bad syntax, a negative target or stages that last no time at all.
    /// </summary>
    public static bool TryParseList(string? text, out IReadOnlyList<LoadStage> stages, out string error)
    {
        stages = [];
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "no stages: give DURATION:TARGET pairs, e.g. 30s:10,1m:10,30s:0";
            return false;
        }

        var parsed = new List<LoadStage>();
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var colon = part.IndexOf(':');
            if (colon < 0)
            {
                error = $"stage {i + 1} '{part}' is not DURATION:TARGET (e.g. 30s:10)";
                return false;
            }

            if (!DurationParser.TryParse(part[..colon], out var duration, out var durationError))
            {
                error = $"stage {i + 1} '{part}': {durationError}";
                return false;
            }

            var targetText = part[(colon + 1)..].Trim();
            if (!double.TryParse(targetText, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var target)
                || !double.IsFinite(target))
            {
                error = $"stage {i + 1} '{part}': the target '{targetText}' is not a number";
                return false;
            }

            if (target < 0)
            {
                error = $"stage {i + 1} '{part}': the target must not be negative";
                return false;
            }

            parsed.Add(new LoadStage(duration, target));
        }

        if (parsed.All(s => s.Duration <= TimeSpan.Zero))
        {
            error = "the stages last no time at all: give at least one a duration above 0";
            return false;
        }

        stages = parsed;
        return true;
    }

    /// <summary>The stages' total length: a run with stages lasts exactly that.</summary>
    public static TimeSpan TotalDuration(IEnumerable<LoadStage> stages) =>
        stages.Aggregate(TimeSpan.Zero, (sum, stage) => sum + stage.Duration);
}
