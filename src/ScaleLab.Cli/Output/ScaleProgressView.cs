using System.Globalization;
using ScaleLab.Core.Scaling;
using ScaleLab.Experiments.Scaling;

namespace ScaleLab.Cli.Output;

/// <summary>
/// The live account of <c>scale</c> on stderr, one line per event (so that stdout holds only the report): the step
/// and its size, the warm-up, every rate the search tries with its verdict and the bracket, each tier's CPU.
/// </summary>
internal sealed class ScaleProgressView(TextWriter writer) : IProgress<ScaleProgress>
{
    private static readonly CultureInfo I = CultureInfo.InvariantCulture;
    private double? _lastWarmRate;
    private bool _warming;

    public void Report(ScaleProgress value)
    {
        switch (value.Phase)
        {
            case "resizing":
                writer.WriteLine(string.Create(I, $"step {value.StepIndex + 1}/{value.StepCount}: {Size(value.Size)} ({value.Elapsed.TotalSeconds:0}s)"));
                break;
            case "warming":
                _warming = true;
                _lastWarmRate = value.Throughput;
                break;
            case "probing" when _warming:
                _warming = false;
                writer.WriteLine(string.Create(I, $"  warm-up done: {_lastWarmRate ?? 0:0} req/s flat out"));
                break;
            case "probed":
                var verdict = value.Passed == true ? "pass" : "fail";
                var (passed, failed) = value.Bracket;
                writer.WriteLine(string.Create(I,
                    $"  {value.Rate,8:0.#} req/s: latency {value.LatencyMs,8:0.#} ms, errors {value.ErrorRate * 100 ?? 0,5:0.##}%{Kinds(value.ErrorKinds, value.StatusCodes)} {verdict}  [{value.SearchPhase} {passed ?? 0:0}–{(failed is { } f ? f.ToString("0", I) : "?")}]  {Tiers(value.Tiers)}"));
                break;
            case "step" when value.Step is { } step:
                writer.WriteLine(string.Create(I,
                    $"  capacity {step.Capacity:0.#} req/s after {step.Probes} rates (warm-up {step.WarmupSeconds:0.#}s){(step.GeneratorLimited ? $"; the {step.LimitedBy} was the limit" : "")}"));
                break;
            case "fault":
                writer.WriteLine("  killing one replica during a step at this size");
                break;
        }
    }

    internal static string Size(ScaleSize size) =>
        string.Create(I, $"{size.Replicas} replica{(size.Replicas == 1 ? "" : "s")}{(size.Cpus is { } c ? $" × {c} CPU" : "")}{(size.MemoryMb is { } m ? $" × {m} MiB" : "")}");

    /// <summary>
    /// " (http5xx 40, timeout 2; 503 40)": what the errors were, the most frequent first, and the failing status codes,
    /// which tell the balancer's (502, 503, 504) from the replica's (500); empty without errors.
    /// </summary>
    private static string Kinds(IReadOnlyDictionary<string, long> kinds, IReadOnlyDictionary<string, long> statusCodes)
    {
        var failed = kinds.Where(k => k.Value > 0).OrderByDescending(k => k.Value).Select(k => string.Create(I, $"{k.Key} {k.Value}")).ToArray();
        if (failed.Length == 0)
        {
            return string.Empty;
        }

        var codes = statusCodes.Where(c => c.Key.Length == 3 && c.Key[0] is '4' or '5' && c.Value > 0).OrderByDescending(c => c.Value).Select(c => string.Create(I, $"{c.Key} {c.Value}")).ToArray();
        return " (" + string.Join(", ", failed) + (codes.Length > 0 ? "; " + string.Join(", ", codes) : string.Empty) + ")";
    }

    /// <summary>"CPU balancer 12%, replica-1 40%, generator 8%": the busiest first, at most six.</summary>
    private static string Tiers(IReadOnlyList<TierUsage> tiers) =>
        tiers.Count == 0 ? string.Empty : "CPU " + string.Join(", ", tiers.OrderByDescending(t => t.CpuCores).Take(6).Select(t => string.Create(I, $"{t.Name} {t.CpuPercent:0}%")));
}
