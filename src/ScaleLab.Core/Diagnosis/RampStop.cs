namespace ScaleLab.Core.Diagnosis;

/// <summary>Why the ramp ended, with the numbers (<c>ramp</c> in the JSON).</summary>
/// <param name="Reason">The rule that ended it.</param>
/// <param name="Message">One line for people.</param>
public sealed record RampStop(RampStopReason Reason, string Message);
