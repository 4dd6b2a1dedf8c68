namespace ScaleLab.Core.Planning;

/// <summary>Input a plan cannot rest on (a catalog without machines, a scale result with one step); the message is one line.</summary>
public sealed class PlanningException(string message) : Exception(message);
