namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// Pins a process tree to a set of cores (<c>--cpus</c>): every thread of every process in a process group, since
/// sched_setaffinity acts on one thread and a server may have started threads and workers before we look. What it
/// forks later inherits the mask.
/// </summary>
internal static class CpuAffinity
{
    /// <summary>The cores of copy <paramref name="index"/> (from 0) when each may use <paramref name="cpus"/>: consecutive, wrapping over the machine's.</summary>
    public static IReadOnlyList<int> CoresFor(int index, int cpus, int processorCount) =>
        Enumerable.Range(index * cpus, cpus).Select(core => core % processorCount).Distinct().Order().ToArray();

    /// <summary>Pins every thread of the processes in group <paramref name="processGroup"/>; returns how many threads were pinned.</summary>
    public static int PinGroup(int processGroup, IReadOnlyList<int> cores)
    {
        var mask = Mask(cores);
        var pinned = 0;
        foreach (var pid in ProcessGroup.Members(processGroup))
        {
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                {
                    if (int.TryParse(Path.GetFileName(task), out var tid) && Interop.SchedSetAffinity(tid, (nuint)(mask.Length * sizeof(ulong)), mask) == 0)
                    {
                        pinned++;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process left while we looked.
            }
        }

        return pinned;
    }

    internal static ulong[] Mask(IReadOnlyList<int> cores)
    {
        var mask = new ulong[Math.Max(1, (cores.Max() / 64) + 1)];
        foreach (var core in cores)
        {
            mask[core / 64] |= 1UL << (core % 64);
        }

        return mask;
    }
}
