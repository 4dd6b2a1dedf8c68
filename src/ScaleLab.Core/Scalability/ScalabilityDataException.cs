namespace ScaleLab.Core.Scalability;

/// <summary>
/// Scalability data that cannot be fitted or read: too few points, a single load, a negative throughput, a value
/// that is not a number. The message is one line that tells the user what to fix.
/// </summary>
public sealed class ScalabilityDataException(string message) : Exception(message);
