using System.Text.Json.Serialization;

namespace ScaleLab.Core.Results;

/// <summary>
/// What one load agent of a distributed run sent and how it fared (<c>agents</c> in a run result): the merged totals
/// are the sums of these.
/// </summary>
/// <param name="Address">The agent as the coordinator reached it (<c>host:port</c>).</param>
/// <param name="Requests">Requests (responses and errors) it completed in the measured window.</param>
/// <param name="Errors">Of those, the failed ones.</param>
/// <param name="CpuSeconds">The agent process's CPU time over the measured window.</param>
/// <param name="MissedStarts">Open model: its intended sends that started later than the tolerance.</param>
/// <param name="ClockOffsetMs">Its clock minus the coordinator's, measured before the start (its start instant was corrected by it).</param>
/// <param name="Lost">True when the coordinator lost the agent mid-run (killed, network cut): its figures are what it had sent until then.</param>
/// <param name="LostAtSeconds">When it was lost, in seconds since the measured window opened; null when not lost.</param>
public sealed record AgentStats(
    string Address,
    long Requests,
    long Errors,
    double CpuSeconds,
    long MissedStarts,
    double ClockOffsetMs,
    bool Lost,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? LostAtSeconds);
