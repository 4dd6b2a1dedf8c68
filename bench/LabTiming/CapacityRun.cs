using System.Diagnostics;
using System.Globalization;
using ScaleLab.Lab.Capacity;

namespace ScaleLab.Bench.LabTiming;

/// <summary>
/// A closed loop of clients straight on the capacity model (no HTTP, no store, no database): each takes a worker,
/// does the model's CPU and waiting, and gives the worker back, as the replica's middleware does. The model's
/// ceiling is workers / (io + cpu); what falls short of it is the delay's lateness and the machine's scheduling.
/// </summary>
internal sealed record CapacityRun(int Workers, double CpuMs, double IoMs, int Clients, double Throughput)
{
    public double Ceiling => Workers / ((IoMs + CpuMs) / 1000);

    public static async Task<CapacityRun> MeasureAsync(int workers, double cpuMs, double ioMs, int clients, TimeSpan duration, PreciseDelay delay)
    {
        var model = new CapacityModel(workers, TimeSpan.FromMilliseconds(cpuMs), TimeSpan.FromMilliseconds(ioMs), TimeProvider.System, delay);
        var stopwatch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var done = 0;
            while (stopwatch.Elapsed < duration)
            {
                var (lease, _) = await model.Pool.EnterAsync(CancellationToken.None);
                using (lease)
                {
                    await model.WorkAsync(CancellationToken.None);
                }

                done++;
            }

            return done;
        })));
        return new CapacityRun(workers, cpuMs, ioMs, clients, counts.Sum() / stopwatch.Elapsed.TotalSeconds);
    }

    public static string Heading => $"{"workers",7} {"cpu ms",6} {"io ms",5} {"clients",7} {"req/s",8} {"ceiling",8} {"ratio",6}";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Workers,7} {CpuMs,6:0.0#} {IoMs,5:0.#} {Clients,7} {Throughput,8:0.0} {Ceiling,8:0.0} {Throughput / Ceiling,6:0.000}");
}
