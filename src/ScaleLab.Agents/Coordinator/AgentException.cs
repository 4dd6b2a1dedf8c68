namespace ScaleLab.Agents.Coordinator;

/// <summary>
/// An agent can't take part in a run, found before any load is sent: unreachable, the token refused, busy, its
/// clock too far off, or the plan refused. The message is one line naming the agent.
/// </summary>
public sealed class AgentException(string message, Exception? inner = null) : Exception(message, inner);
