namespace ScaleLab.Reports;

/// <summary>A result file a report cannot read: not JSON, no <c>kind</c>, a kind it does not know, a field of the wrong type.</summary>
public sealed class ReportInputException(string message) : Exception(message);
