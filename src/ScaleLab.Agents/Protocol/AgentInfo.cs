namespace ScaleLab.Agents.Protocol;

/// <summary>
/// <c>GET /v1/agent</c>: what the agent is and holds. <paramref name="NowUnixMs"/> is its wall clock when it answered,
/// for the coordinator's clock offset.
/// </summary>
internal sealed record AgentInfo(string Version, bool Busy, string? RunId, double NowUnixMs, int ProcessorCount);
