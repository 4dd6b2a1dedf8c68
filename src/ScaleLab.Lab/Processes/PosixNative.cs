using System.Runtime.InteropServices;

namespace ScaleLab.Lab.Processes;

/// <summary>The few libc calls that .NET does not expose: signals to any pid, the real user id.</summary>
internal static partial class PosixNative
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/>; false when the process is gone (ESRCH) or not ours (EPERM).</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    /// <summary>True while a process with this id exists (signal 0 checks without sending).</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        if (Kill(pid, 0) == 0)
        {
            return true;
        }

        // EPERM: it exists but belongs to someone else.
        return Marshal.GetLastPInvokeError() == 1;
    }

    public static uint UserId() => GetUid();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUid();
}
