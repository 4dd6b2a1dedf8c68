namespace ScaleLab.Experiments.Scaling;

/// <summary>The scaled system could not be started or resized; the message is one line for the user.</summary>
public sealed class ScaleSetupException(string message, Exception? inner = null) : Exception(message, inner);
