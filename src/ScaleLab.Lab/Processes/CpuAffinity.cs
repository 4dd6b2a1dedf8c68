using System.Globalization;

namespace ScaleLab.Lab.Processes;

/// <summary>
/// Pins a running process to some cores: sched_setaffinity on every thread it has (the call is per thread, and a
/// .NET process has started a dozen before it is ready); threads it starts later inherit their creator's mask. The
/// one implementation for the lab's replicas and databases and for <c>scale --cmd</c>'s copies (each process of a
/// copy's group).
/// </summary>
internal static class CpuAffinity
{
    /// <summary>
    /// The <paramref name="count"/> cores of the <paramref name="index"/>-th pinned process (0-based), taken round the
    /// machine's <paramref name="machineCores"/> so that consecutive processes share as few cores as they can.
    /// </summary>
    public static IReadOnlyList<int> Cores(int index, int count, int machineCores)
    {
        var n = Math.Max(1, machineCores);
        count = Math.Clamp(count, 1, n);
        return Enumerable.Range(0, count).Select(k => ((index * count) + k) % n).Distinct().Order().ToArray();
    }

    /// <summary>
    /// Pins <paramref name="pid"/> and the children it has already forked (a PostgreSQL postmaster's checkpointer,
    /// WAL writer and autovacuum launcher); children it forks later, such as a backend per connection, inherit the
    /// mask. False when the process itself could not be pinned.
    /// </summary>
    public static bool ApplyWithChildren(int pid, IReadOnlyList<int> cores)
    {
        if (!Apply(pid, cores))
        {
            return false;
        }

        foreach (var child in ProcessChildren.Of(pid))
        {
            // A child that left meanwhile needs no pinning.
            Apply(child, cores);
        }

        return true;
    }

    /// <summary>Pins every thread of <paramref name="pid"/> to <paramref name="cores"/>; false when any could not be (gone, not Linux).</summary>
    public static bool Apply(int pid, IReadOnlyList<int> cores)
    {
        if (!OperatingSystem.IsLinux() || cores.Count == 0)
        {
            return false;
        }

        Span<ulong> mask = stackalloc ulong[16];
        mask.Clear();
        foreach (var core in cores.Where(c => c is >= 0 and < 1024))
        {
            mask[core / 64] |= 1UL << (core % 64);
        }

        var ok = true;
        // Twice: a thread started while the first pass ran inherited the old mask from a thread not yet pinned.
        for (var pass = 0; pass < 2; pass++)
        {
            IEnumerable<string> tasks;
            try
            {
                tasks = Directory.EnumerateDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task").ToArray();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false;
            }

            foreach (var task in tasks)
            {
                if (int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid)
                    && Interop.SchedSetAffinity(tid, (nuint)(mask.Length * sizeof(ulong)), mask) != 0 && pass == 1)
                {
                    ok = false;
                }
            }
        }

        return ok;
    }
}
