namespace ScaleLab.Load.Diagnosis;

/// <summary>
/// The kernel's USER_HZ, the unit of the CPU times in <c>/proc/PID/stat</c>, from <c>sysconf(_SC_CLK_TCK)</c> (C <c>long</c>, pointer-sized on Linux).
/// It is 100 on every mainstream Linux build; 100 is also the fallback should the C library not answer.
/// </summary>
internal static class ClockTicks
{
    private const int ScClkTck = 2; // _SC_CLK_TCK in glibc's and musl's unistd.h

    public static long PerSecond { get; } = Read();

    private static long Read()
    {
        try
        {
            var ticks = Interop.SysConf(ScClkTck);
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }
}
