using System.CommandLine;
using ScaleLab.Core.Thresholds;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>--threshold</c>, as <c>run</c> and <c>diagnose</c> take it: parsed and checked before any load is sent (exit 2
/// on a misspelt one), judged on the final result. Each command makes its own instance, since an option belongs to
/// one command.
/// </summary>
internal sealed class ThresholdOptions
{
    public Option<string[]> Threshold { get; } = new("--threshold")
    {
        Description = "A pass/fail criterion judged on the final result, k6-style (repeatable): p99<200ms, p95{name:order}<300ms, errors<0.1%, checks>99.9%, throughput>500, rate-achieved>0.99. Any failed: exit 1.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The thresholds given, parsed; a bad one is a <see cref="UsageException"/>.</summary>
    public IReadOnlyList<ThresholdExpression> Read(ParseResult parse)
    {
        var thresholds = new List<ThresholdExpression>();
        foreach (var text in parse.GetValue(Threshold) ?? [])
        {
            thresholds.Add(ThresholdParser.TryParse(text, out var threshold, out var error) ? threshold! : throw new UsageException($"--threshold: {error}"));
        }

        return thresholds;
    }

    /// <summary>Refuses, before the run, a threshold that <paramref name="scope"/> shows cannot be judged.</summary>
    public static void CheckBefore(IReadOnlyList<ThresholdExpression> thresholds, ThresholdScope scope)
    {
        if (ThresholdEvaluator.ProblemBefore(thresholds, scope) is { } problem)
        {
            throw new UsageException($"--threshold: {problem}");
        }
    }

    /// <summary>The problem that keeps a threshold from being judged on <paramref name="subject"/>, as the line to print; null when none.</summary>
    public static string? ProblemAfter(IReadOnlyList<ThresholdExpression> thresholds, ThresholdSubject subject) =>
        ThresholdEvaluator.Problem(thresholds, subject) is { } problem ? $"--threshold: {problem}" : null;
}
