namespace ScaleLab.Core.Comparison;

/// <summary>Results that cannot be compared (different kinds, an empty side); the message is one line for the user.</summary>
public sealed class ComparisonException(string message) : Exception(message);
