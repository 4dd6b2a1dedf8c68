using System.Runtime.InteropServices;

namespace ScaleLab.Experiments;

/// <summary>
/// Every libc call of the experiments, in one place: signals to a whole process group (a <c>--cmd</c> server and the
/// children it forks). CPU affinity (<c>--cpus</c>) is the lab's <c>CpuAffinity</c>, shared with the lab's replicas.
/// </summary>
internal static partial class Interop
{
    private const string Libc = "libc";

    /// <summary>kill(2): a negative pid signals the process group; 0, or -1 with errno set.</summary>
    [LibraryImport(Libc, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
