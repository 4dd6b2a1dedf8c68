namespace ScaleLab.Agents.Protocol;

/// <summary><c>GET /v1/runs/{id}/intervals?from=SEQ</c>: the run's state and the intervals from SEQ on.</summary>
/// <param name="State">prepared, running, finished or failed.</param>
/// <param name="Intervals">The intervals kept from the asked seq on.</param>
/// <param name="Dropped">Intervals the agent dropped (the oldest) because nobody fetched them in time.</param>
/// <param name="Error">Why the run failed; null unless it did.</param>
internal sealed record IntervalBatch(string State, IReadOnlyList<AgentInterval> Intervals, long Dropped, string? Error);
