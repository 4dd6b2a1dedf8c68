namespace ScaleLab.Lab.Supervisor;

/// <summary>Something the supervisor did or saw: a replica crashed and was restarted, the lab was scaled.</summary>
/// <param name="At">When.</param>
/// <param name="Message">One line.</param>
public sealed record LabEvent(DateTimeOffset At, string Message);
