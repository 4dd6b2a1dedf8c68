using System.Runtime.InteropServices;

namespace ScaleLab.Experiments;

/// <summary>
/// Every libc call of the experiments, in one place: signals to a whole process group (a <c>--cmd</c> server and the
/// children it forks) and CPU affinity (<c>--cpus</c>), which .NET only offers for its own process.
/// </summary>
internal static partial class Interop
{
    private const string Libc = "libc";

    /// <summary>kill(2): a negative pid signals the process group; 0, or -1 with errno set.</summary>
    [LibraryImport(Libc, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    /// <summary>sched_setaffinity(2) for one thread (a tid from /proc/PID/task); 0, or -1 with errno set.</summary>
    [LibraryImport(Libc, EntryPoint = "sched_setaffinity", SetLastError = true)]
    internal static partial int SchedSetAffinity(int tid, nuint cpuSetSize, ulong[] mask);
}
