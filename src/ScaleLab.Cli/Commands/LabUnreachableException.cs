namespace ScaleLab.Cli.Commands;

/// <summary>The running lab refused or failed a request: one line on stderr, exit 2.</summary>
internal sealed class LabUnreachableException(string message) : Exception(message);
