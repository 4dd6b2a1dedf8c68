using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Scaling;

namespace ScaleLab.Core.Planning;

/// <summary>What a plan is asked: from which measurements, for which target and objective, priced with which catalog.</summary>
/// <param name="Scale">The scale result: capacity per replica count (and per core count with <c>--cpus</c>).</param>
/// <param name="Diagnose">Optionally, a diagnosis of one instance: its one-user latency tells whether any size can meet the objective.</param>
/// <param name="TargetThroughput">The throughput to reach, per second; null when <paramref name="Growth"/> is given.</param>
/// <param name="Growth">A multiple of the measured peak (3 for 3x); null when <paramref name="TargetThroughput"/> is given.</param>
/// <param name="Slo">The objective (percentile and bound); null to take the scale result's.</param>
/// <param name="Catalog">The machines and prices.</param>
/// <param name="Instance">The catalog machine each replica runs on; null for the smallest that has the replica's CPUs.</param>
public sealed record PlanRequest(
    ScaleResult Scale,
    DiagnoseResult? Diagnose,
    double? TargetThroughput,
    double? Growth,
    ScaleObjective? Slo,
    InstanceCatalog Catalog,
    string? Instance = null);
