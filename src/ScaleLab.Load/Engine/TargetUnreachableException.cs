namespace ScaleLab.Load.Engine;

/// <summary>The target could not be reached before the run: the message is one line, for the user.</summary>
public sealed class TargetUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
