namespace ScaleLab.Agents.Protocol;

/// <summary><c>201</c> to a plan: the run is prepared and waits for its start.</summary>
internal sealed record RunCreated(string RunId);
