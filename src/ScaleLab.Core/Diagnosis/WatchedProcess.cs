namespace ScaleLab.Core.Diagnosis;

/// <summary>A process whose CPU and memory a diagnosis sampled.</summary>
/// <param name="Pid">Its process id.</param>
/// <param name="Name">Its command name (<c>/proc/PID/comm</c>).</param>
public sealed record WatchedProcess(int Pid, string Name);
