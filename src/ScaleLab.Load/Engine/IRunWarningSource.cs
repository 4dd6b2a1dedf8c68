namespace ScaleLab.Load.Engine;

/// <summary>
/// A client factory that knows of trouble the run's counts can't tell apart (a connect error the generator caused,
/// not the target): the run adds its warnings to the result.
/// </summary>
internal interface IRunWarningSource
{
    /// <summary>Warnings about the run now ending, one line each.</summary>
    IReadOnlyList<string> RunWarnings();
}
