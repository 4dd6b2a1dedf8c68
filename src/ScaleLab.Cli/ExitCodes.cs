namespace ScaleLab.Cli;

/// <summary>Exit codes shared by every command (PRODUCT.md's conventions).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int CheckFailed = 1;
    public const int BadInput = 2;

    /// <summary>A bug in ScaleLab, distinct from a failed check so that CI never reads a crash as a verdict.</summary>
    public const int InternalError = 3;
}
