namespace ScaleLab.Core.Scalability;

/// <summary>Something about the data or the fit a reader should know before trusting the numbers.</summary>
/// <param name="Code">A stable camelCase identifier (<c>fewPoints</c>, <c>superLinear</c>, ...) for scripts and tests.</param>
/// <param name="Message">One line for people.</param>
public sealed record FitWarning(string Code, string Message);
