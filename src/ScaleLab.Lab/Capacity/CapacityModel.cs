namespace ScaleLab.Lab.Capacity;

/// <summary>
/// The work every request costs on top of its real work: <c>--cpu-ms</c> of CPU and <c>--io-ms</c> of waiting (a
/// remote call that uses no CPU), done while holding one of <c>--workers</c> workers. A replica then serves at most
/// workers / (io + cpu + real work) requests per second, whatever the machine: see docs/lab-capacity.md.
/// </summary>
internal sealed class CapacityModel(int workers, TimeSpan cpu, TimeSpan io, TimeProvider time, PreciseDelay delay)
{
    private long _cpuTicks;

    public WorkerPool Pool { get; } = new(workers, time);

    public TimeSpan Cpu => cpu;

    public TimeSpan Io => io;

    /// <summary>CPU time spent in <see cref="WorkAsync"/> so far, all requests together.</summary>
    public TimeSpan CpuSpent => TimeSpan.FromTicks(Interlocked.Read(ref _cpuTicks));

    /// <summary>Does one request's simulated work: the CPU part first, then the wait.</summary>
    public async Task WorkAsync(CancellationToken cancellationToken)
    {
        if (cpu > TimeSpan.Zero)
        {
            Interlocked.Add(ref _cpuTicks, CpuWork.Spin(cpu).Ticks);
        }

        if (io > TimeSpan.Zero)
        {
            await delay.DelayAsync(io, cancellationToken);
        }
    }
}
