namespace ScaleLab.Load.Diagnosis;

/// <summary>A process to watch could not be found or read: the message is one line, for the user.</summary>
public sealed class WatchException(string message) : Exception(message);
