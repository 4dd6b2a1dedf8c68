using ScaleLab.Core.Scaling;
using ScaleLab.Load.Engine;

namespace ScaleLab.Experiments.Scaling;

/// <summary>What a fault trial measured: the fault for the result file, the step's load, the timelines behind it, and a summary line.</summary>
/// <param name="Fault">The <c>fault</c> of the scale result.</param>
/// <param name="Measurement">The step's load as the engine measured it.</param>
/// <param name="Load">The engine's totals over time.</param>
/// <param name="Serving">The serving replica count over time.</param>
/// <param name="Audit">The order audit, when orders were placed.</param>
public sealed record FaultTrialResult(
    ScaleFault Fault,
    LoadMeasurement Measurement,
    IReadOnlyList<FaultSample> Load,
    IReadOnlyList<ServingSample> Serving,
    Lab.Audit.AuditReport? Audit)
{
    /// <summary>One line for the terminal: what was killed, what it cost, and the seed's "1 of N" beside it.</summary>
    public string Summary => FaultSummary.Describe(Fault);
}
