using ScaleLab.Load.Engine;

namespace ScaleLab.Load.Http1.Transport;

/// <summary>
/// How many sockets the engine may hold open at once, so that the process always keeps descriptors for itself:
/// the runtime needs some to start a thread or load an assembly, and without them it aborts ("Out of memory"),
/// losing the run. A connection beyond the budget fails as a connect error, as one beyond the limit would.
/// </summary>
internal static class SocketBudget
{
    private static int _open;
    private static int _limit = int.MaxValue;
    private static long _refused;

    /// <summary>Connections refused so far in this process, for lack of descriptors (the budget's or the system's).</summary>
    public static long Refused => Volatile.Read(ref _refused);

    /// <summary>Sizes the budget from the file limit and the descriptors the rest of the process holds now; once per run.</summary>
    public static void Refresh()
    {
        if (!FileDescriptorLimit.TryGetSoftLimit(out var soft))
        {
            return;
        }

        var others = Math.Max(0, FileDescriptorLimit.CountOpen() - Volatile.Read(ref _open));
        var budget = (long)Math.Min(soft, int.MaxValue) - FileDescriptorLimit.Reserve - others;
        Volatile.Write(ref _limit, (int)Math.Clamp(budget, 0, int.MaxValue));
    }

    /// <summary>Takes one socket from the budget; false when the engine holds all it may.</summary>
    public static bool TryTake()
    {
        if (Interlocked.Increment(ref _open) <= Volatile.Read(ref _limit))
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        CountRefusal();
        return false;
    }

    /// <summary>Counts a connection that could not get a descriptor.</summary>
    public static void CountRefusal() => Interlocked.Increment(ref _refused);

    public static void Return() => Interlocked.Decrement(ref _open);
}
