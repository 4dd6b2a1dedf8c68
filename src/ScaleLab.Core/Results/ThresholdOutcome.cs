namespace ScaleLab.Core.Results;

/// <summary>One threshold judged on a final result (<c>thresholds</c> in a result), k6-style: <c>p99&lt;200ms</c>.</summary>
/// <param name="Expression">The threshold as written.</param>
/// <param name="Actual">The measured value it was compared with, in the threshold's unit (ms, %, /s, or a ratio).</param>
/// <param name="Passed">True when it held.</param>
public sealed record ThresholdOutcome(string Expression, double Actual, bool Passed);
