namespace ScaleLab.Lab.Processes;

/// <summary>A child of the lab did not start, or was not ready in time; the message carries its last output.</summary>
public sealed class ChildProcessException(string message) : Exception(message);
