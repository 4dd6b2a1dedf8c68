using System.Runtime.InteropServices;

namespace ScaleLab.Lab.Processes;

/// <summary>The few libc calls that .NET does not expose: signals to any pid, the real user id.</summary>
internal static class PosixNative
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/>; false when the process is gone (ESRCH) or not ours (EPERM).</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && Interop.Kill(pid, signal) == 0;

    /// <summary>True while a process with this id exists (signal 0 checks without sending).</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        if (Interop.Kill(pid, 0) == 0)
        {
            return true;
        }

        // EPERM: it exists but belongs to someone else.
        return Marshal.GetLastPInvokeError() == 1;
    }

    public static uint UserId() => Interop.GetUid();

    public static bool IsRoot() => Interop.GetEffectiveUid() == 0;

    /// <summary>chown(2); the errno on failure.</summary>
    public static int ChangeOwner(string path, int owner, int group) =>
        Interop.Chown(path, owner, group) == 0 ? 0 : Marshal.GetLastPInvokeError();
}
