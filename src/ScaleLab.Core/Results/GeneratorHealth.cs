namespace ScaleLab.Core.Results;

/// <summary>
/// How the load generator itself fared: when it is the bottleneck, the numbers describe the generator, not the target.
/// </summary>
/// <param name="CpuSeconds">Whole-process CPU time (user + system) spent during the measured window.</param>
/// <param name="CpuPerRequestMicroseconds">That CPU divided by the completed requests.</param>
/// <param name="Utilization">CPU seconds per wall second divided by the cores the generator may use (0..1).</param>
/// <param name="Saturated">True when the generator's CPU was near full or it missed starts: the target may be faster than measured.</param>
/// <param name="MissedStarts">Open model: intended sends that started later than the tolerance.</param>
/// <param name="MissedStartToleranceMs">How late a start may be before it counts as missed.</param>
/// <param name="MaxStartLagMs">The latest any start was, against its intended time.</param>
public sealed record GeneratorHealth(
    double CpuSeconds,
    double CpuPerRequestMicroseconds,
    double Utilization,
    bool Saturated,
    long MissedStarts,
    double MissedStartToleranceMs,
    double MaxStartLagMs);
