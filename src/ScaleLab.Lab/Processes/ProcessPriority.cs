namespace ScaleLab.Lab.Processes;

/// <summary>
/// Raises a process's scheduling priority (its nice value) and its existing children's; children it forks later
/// inherit it. Needs root (CAP_SYS_NICE) to go below 0.
/// </summary>
internal static class ProcessPriority
{
    private const int PrioProcess = 0;

    /// <summary>Sets <paramref name="nice"/> on <paramref name="pid"/> and its children; false when the process itself could not be changed.</summary>
    public static bool SetWithChildren(int pid, int nice)
    {
        if (!OperatingSystem.IsLinux() || Interop.SetPriority(PrioProcess, (uint)pid, nice) != 0)
        {
            return false;
        }

        foreach (var child in ProcessChildren.Of(pid))
        {
            // A child that left meanwhile needs nothing.
            Interop.SetPriority(PrioProcess, (uint)child, nice);
        }

        return true;
    }
}
