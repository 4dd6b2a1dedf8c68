using ScaleLab.Load.Requests;

namespace ScaleLab.Agents.Protocol;

/// <summary><c>POST /v1/runs</c>: one agent's part of a run.</summary>
/// <param name="RunId">The coordinator's name for the run (letters, digits, '-').</param>
/// <param name="Target">The URL to load.</param>
/// <param name="Request">What to send.</param>
/// <param name="Load">How much, and this agent's share.</param>
/// <param name="LeaseMs">With no call for the run for this long, the agent stops it and frees itself.</param>
internal sealed record RunPlan(string RunId, string Target, RequestSpec Request, LoadPlan Load, long LeaseMs);
