namespace ScaleLab.Agents.Protocol;

/// <summary>A <see cref="Load.Engine.LoadStage"/> on the wire.</summary>
internal sealed record StagePlan(double DurationMs, double Target);
