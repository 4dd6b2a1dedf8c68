namespace ScaleLab.Experiments.Scaling;

/// <summary>The fault's timeline figures (see <see cref="FaultTimeline"/>): milliseconds after the kill, and successful responses per second.</summary>
internal sealed record FaultTimelineResult(double? EjectedAfterMs, double? ReplacedAfterMs, double CapacityBefore, double CapacityDuring, double CapacityAfter);
