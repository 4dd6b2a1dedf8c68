namespace ScaleLab.Agents.Protocol;

/// <summary><c>POST /v1/runs/{id}/start</c>: the instant to start at, in the agent's own clock (the coordinator corrected it by the offset).</summary>
internal sealed record StartRequest(double StartAtUnixMs);
