namespace ScaleLab.Core.Diagnosis;

/// <summary>Where load became a problem.</summary>
/// <param name="Knee">The first step from which the problem holds at every larger judged step.</param>
/// <param name="SloBrokenFrom">The first step from which the objective stays broken; null when it held.</param>
/// <param name="InefficientFrom">The first step from which efficiency stays under the healthy bar; null when it did not.</param>
internal sealed record ScalabilityFinding(DiagnoseStep Knee, DiagnoseStep? SloBrokenFrom, DiagnoseStep? InefficientFrom);
