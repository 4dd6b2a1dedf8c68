using System.Runtime.InteropServices;

namespace ScaleLab.Lab.Processes;

/// <summary>The few libc calls that .NET does not expose: signals to any pid, the real user id.</summary>
internal static class PosixNative
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

    public static bool IsRoot() => GetEffectiveUid() == 0;

    /// <summary>chown(2); the errno on failure.</summary>
    public static int ChangeOwner(string path, int owner, int group) =>
        Chown(path, owner, group) == 0 ? 0 : Marshal.GetLastPInvokeError();

    // DllImport rather than LibraryImport: the generated stubs need AllowUnsafeBlocks, and these signatures are
    // blittable, so the runtime marshals nothing either way.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "getuid")]
    private static extern uint GetUid();

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUid();

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int owner, int group);
#pragma warning restore SYSLIB1054
}
