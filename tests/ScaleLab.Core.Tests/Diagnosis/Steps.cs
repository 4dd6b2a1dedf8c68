using ScaleLab.Core.Diagnosis;

namespace ScaleLab.Core.Tests.Diagnosis;

/// <summary>Synthetic diagnosis steps: a baseline, then a ramp whose throughput and latency follow a given curve.</summary>
internal static class Steps
{
    public static readonly int[] Doubling = [1, 2, 4, 8, 16, 32];

    /// <summary>One step; latency defaults to Little's law, N / X.</summary>
    public static DiagnoseStep At(
        int n,
        double throughput,
        double oneUser,
        double? p99 = null,
        double? cpu = null,
        double? machine = null,
        double errorRate = 0,
        bool generatorSaturated = false,
        double? variation = null,
        long? requests = null)
    {
        var mean = 1000.0 * n / throughput;
        var tail = p99 ?? mean * 1.5;
        var count = requests ?? 1000;
        return new DiagnoseStep
        {
            Concurrency = n,
            Throughput = throughput,
            ThroughputEstimate = ThroughputEstimate.Completions,
            Efficiency = DiagnoseStep.EfficiencyOf(n, throughput, oneUser),
            LatencyMs = new StepLatency(mean, mean * 1.2, tail, tail * 1.2, mean),
            Requests = count,
            Errors = (long)(errorRate * count),
            ErrorRate = errorRate,
            DurationSeconds = 1,
            CpuPercent = cpu,
            CpuLimit = cpu is null ? null : 2,
            RssBytes = cpu is null ? null : 50_000_000,
            MachineCpuPercent = machine,
            GeneratorUtilization = generatorSaturated ? 0.97 : 0.1,
            GeneratorSaturated = generatorSaturated,
            ThroughputVariation = variation,
            FromBaseline = n == 1,
        };
    }

    /// <summary>A ramp following the USL with the given coefficients (λ is one user's throughput).</summary>
    public static List<DiagnoseStep> Usl(double sigma, double kappa, double lambda, int[]? loads = null, Func<int, double?>? cpu = null, Func<int, double?>? p99 = null)
    {
        var steps = new List<DiagnoseStep>();
        foreach (var n in loads ?? Doubling)
        {
            var x = lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
            steps.Add(At(n, x, lambda, p99: p99?.Invoke(n), cpu: cpu?.Invoke(n)));
        }

        return steps;
    }

    public static DiagnosisInput Input(
        IReadOnlyList<DiagnoseStep> steps,
        int users = 32,
        Slo? slo = null,
        bool watching = true,
        bool generatorIsSeparate = true,
        bool targetIsLocal = false,
        RampStop? stop = null) =>
        new(steps, slo ?? Slo.Default, users, watching, generatorIsSeparate, targetIsLocal, stop ?? new RampStop(RampStopReason.MaxUsers, "every planned step was measured"));
}
