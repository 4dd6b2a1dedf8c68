using ScaleLab.Core.Results;

namespace ScaleLab.Reports;

/// <summary>One result to report, and where it came from (a file name, shown in the report and its links).</summary>
/// <param name="Source">The file the result was read from, or a name for one made in memory.</param>
/// <param name="Result">The result: a <c>RunResult</c>, <c>FitResult</c>, <c>DiagnoseResult</c>, <c>ScaleResult</c> or <c>PlanResult</c>.</param>
public sealed record ReportInput(string Source, ResultDocument Result);
