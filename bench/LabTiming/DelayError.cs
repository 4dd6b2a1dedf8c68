using System.Diagnostics;
using System.Globalization;

namespace ScaleLab.Bench.LabTiming;

/// <summary>How late delays of one length end: elapsed minus asked, in ms, over many delays awaited one after another.</summary>
internal sealed record DelayError(string Method, double AskedMs, double[] LateMs)
{
    public static async Task<DelayError> MeasureAsync(string method, TimeSpan asked, int samples, Func<TimeSpan, Task> delay)
    {
        var late = new double[samples];
        // On the thread pool, as in a replica: the continuation's hop back is part of what a request waits.
        await Task.Run(async () =>
        {
            for (var i = 0; i < samples; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await delay(asked);
                late[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds - asked.TotalMilliseconds;
            }
        });
        Array.Sort(late);
        return new DelayError(method, asked.TotalMilliseconds, late);
    }

    public static string Heading =>
        $"{"method",-13} {"asked",7} {"mean",8} {"p50",8} {"p90",8} {"p99",8} {"max",8} {"min",8}  (ms late; negative = early)";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Method,-13} {AskedMs,7:0.#} {LateMs.Average(),8:0.000} {Percentile(0.5),8:0.000} {Percentile(0.9),8:0.000} " +
        $"{Percentile(0.99),8:0.000} {LateMs[^1],8:0.000} {LateMs[0],8:0.000}");

    /// <summary>Nearest rank on the sorted samples.</summary>
    private double Percentile(double p) => LateMs[Math.Clamp((int)Math.Ceiling(p * LateMs.Length) - 1, 0, LateMs.Length - 1)];
}
