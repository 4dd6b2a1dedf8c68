namespace ScaleLab.Experiments.Scaling;

/// <summary>One point of a fault trial's load timeline: the step's totals so far, as the engine reported them.</summary>
/// <param name="Seconds">Since the step's load began.</param>
/// <param name="Requests">Requests ended so far (responses and errors).</param>
/// <param name="Errors">Of those, the failed ones.</param>
public readonly record struct FaultSample(double Seconds, long Requests, long Errors);
