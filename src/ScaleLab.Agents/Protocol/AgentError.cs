namespace ScaleLab.Agents.Protocol;

/// <summary>Every refusal's body: one line saying why.</summary>
internal sealed record AgentError(string Error);
