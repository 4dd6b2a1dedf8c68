namespace ScaleLab.Cli;

/// <summary>
/// Exit codes shared by every command: 0 success, 1 a check or threshold failed, 2 bad input or an unmet
/// precondition, 3 a bug. Scripts and CI branch on them, so they never change meaning.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int CheckFailed = 1;
    public const int BadInput = 2;

    /// <summary>A bug in ScaleLab, distinct from a failed check so that CI never reads a crash as a verdict.</summary>
    public const int InternalError = 3;
}
