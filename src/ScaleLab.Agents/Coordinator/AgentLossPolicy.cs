namespace ScaleLab.Agents.Coordinator;

/// <summary>What a run does when an agent stops answering mid-run (<c>--on-agent-loss</c>).</summary>
public enum AgentLossPolicy
{
    /// <summary>The others go on; the lost agent's intervals received so far are its part of the result.</summary>
    Continue,

    /// <summary>The others are stopped and the run ends with what was measured.</summary>
    Abort,
}
