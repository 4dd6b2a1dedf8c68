namespace ScaleLab.Cli;

/// <summary>Bad input from the user: printed as one line on stderr, exit code 2, never a stack trace.</summary>
internal sealed class UsageException(string message) : Exception(message);
