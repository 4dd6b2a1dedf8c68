namespace ScaleLab.Lab.Service;

/// <summary>
/// Linux only: asks the kernel to SIGKILL this process when its parent dies (<c>prctl(PR_SET_PDEATHSIG, SIGKILL)</c>),
/// which works even when the supervisor itself was killed with SIGKILL and had no chance to clean up. Called once at
/// process start by <see cref="ReplicaProgram"/>, never in-process (a test host must not arm it on itself).
/// </summary>
/// <remarks>
/// The kernel's "parent" is the thread that forked this process: when that thread exits, the signal fires even though
/// the supervisor process lives on. The supervisor must start replicas from a long-lived thread.
/// </remarks>
internal static class ParentDeathSignal
{
    private const int PrSetPdeathsig = 1;
    private const int SigKill = 9;

    /// <summary>Arms the signal; false where it is not available (not Linux, or the call failed).</summary>
    public static bool Arm()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return Interop.Prctl(PrSetPdeathsig, SigKill, 0, 0, 0) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
