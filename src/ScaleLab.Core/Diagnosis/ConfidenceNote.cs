namespace ScaleLab.Core.Diagnosis;

/// <summary>One thing that limits how far a verdict can be trusted.</summary>
/// <param name="Code">A stable camelCase identifier (<c>fewSteps</c>, <c>generatorSaturated</c>, ...) for scripts and tests.</param>
/// <param name="Message">One line for people.</param>
/// <param name="Lowers">The highest confidence the verdict can keep with this note.</param>
public sealed record ConfidenceNote(string Code, string Message, ConfidenceLevel Lowers);
