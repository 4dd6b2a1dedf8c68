using HdrHistogram;
using HdrHistogram.Utilities;
using System.Text.Json;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Planning;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;
using ScaleLab.Core.Scaling;

namespace ScaleLab.Reports.Tests;

/// <summary>
/// Results of every kind with every field a report draws filled in (intervals, byName, checks, thresholds, the
/// histogram, tiers, a fault), made from a seeded Random so that every run of the tests sees the same page; and the
/// real results of a diagnosis of the lab and a fit of SPEC SDM91, as the CLI wrote them.
/// </summary>
internal static class ReportSamples
{
    private static readonly MachineInfo Machine = new(2, "Debian GNU/Linux 12 (bookworm)", "x64", ".NET 10.0", "test-host");
    private static readonly DateTimeOffset StartedAt = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    public static string SamplePath(string name) => Path.Combine(AppContext.BaseDirectory, "Samples", name);

    public static ReportInput RealDiagnose() => ResultReader.Read(File.ReadAllText(SamplePath("diagnose-lab.json")), "diagnose-lab.json");

    public static ReportInput RealFit() => ResultReader.Read(File.ReadAllText(SamplePath("fit-specsdm91.json")), "fit-specsdm91.json");

    /// <summary>The plan <c>scalelab plan --from samples/scale-example.json --target 5000rps --json samples/plan-example.json</c> wrote.</summary>
    public static ReportInput RealPlan() => ResultReader.Read(File.ReadAllText(SamplePath("plan-example.json")), "plan-example.json");

    /// <summary>
    /// A plan made by Core as <c>scalelab plan</c> makes it, from samples/scale-example.json and the example catalog:
    /// a target (5,000/s: scale out reaches it, scale up runs out) or a growth (3x: past the peak, neither reaches it).
    /// </summary>
    public static PlanResult Plan(double? target = 5000, double? growth = null)
    {
        var scale = JsonSerializer.Deserialize<ScaleResult>(File.ReadAllText(SamplePath("scale-example.json")), ResultJson.Options)!;
        var catalog = InstanceCatalog.Parse(File.ReadAllText(SamplePath("catalog-example.json")));
        var plan = CapacityPlanner.Plan(new PlanRequest(scale, null, growth is null ? target : null, growth, null, catalog));
        var arguments = growth is null ? $"--target {target}rps" : $"--growth {growth}x";
        return (plan with { From = ["samples/scale-example.json"] }).WithHeader(Header("plan", $"scalelab plan --from samples/scale-example.json {arguments} --json plan.json"));
    }

    /// <summary>An open-model run of 30 one-second intervals in two stages with a latency spike at 20 s, three named requests, a flow, checks and thresholds.</summary>
    public static RunResult Run(string target = "http://127.0.0.1:8080/", string requestName = "GET /items/{id}")
    {
        var random = new Random(7);
        var histogram = LatencyHistograms.Create();
        var uncorrected = LatencyHistograms.Create();
        var intervals = new List<ResultInterval>();
        for (var t = 1; t <= 30; t++)
        {
            var spike = t is >= 20 and <= 22 ? 8.0 : 1.0;
            var interval = LatencyHistograms.Create();
            for (var i = 0; i < 200; i++)
            {
                var serviceMicros = (long)(2000 + random.Next(0, 3000) + (random.NextDouble() < 0.01 ? 40_000 : 0));
                var waited = (long)(serviceMicros * spike + (spike > 1 ? random.Next(0, 50_000) : 0));
                histogram.RecordValue(LatencyHistograms.Clamp(waited));
                uncorrected.RecordValue(LatencyHistograms.Clamp(serviceMicros));
                interval.RecordValue(LatencyHistograms.Clamp(waited));
            }

            intervals.Add(new ResultInterval
            {
                T = t,
                DurationSeconds = 1,
                Requests = 200,
                Errors = t is 21 or 22 ? 4 : 0,
                Throughput = spike > 1 ? 180 + random.Next(0, 10) : 198 + random.Next(0, 4),
                LatencyMs = LatencyHistograms.Summarize(interval),
                RateAsked = 200,
                RateAchieved = 199,
                Stage = t <= 15 ? 1 : 2,
            });
        }

        var latency = LatencyHistograms.Summarize(histogram);
        return new RunResult
        {
            Target = target,
            Model = "open",
            Connections = 24,
            Rate = 200,
            Arrivals = "poisson",
            DurationSeconds = 30,
            WarmupSeconds = 2,
            Requests = 6000,
            Errors = 8,
            ErrorRate = 8 / 6000.0,
            Throughput = 199.7,
            RateAsked = 200,
            RateAchieved = 199.7,
            Arrived = 6000,
            Unsent = 0,
            Backlog = 1,
            FellBehind = false,
            LatencyMs = latency,
            UncorrectedLatencyMs = LatencyHistograms.Summarize(uncorrected),
            StatusCodes = new Dictionary<string, long> { ["200"] = 5900, ["201"] = 92, ["503"] = 8 },
            ErrorKinds = new Dictionary<string, long> { ["http5xx"] = 8 },
            BytesReceived = 1_234_567,
            Generator = new GeneratorHealth(1.2, 200, 0.08, false, 3, 10, 14.2),
            ByName = new Dictionary<string, NamedRequestStats>
            {
                ["GET /"] = new() { Requests = 4000, Errors = 0, Throughput = 133.3, LatencyMs = latency, StatusCodes = new Dictionary<string, long> { ["200"] = 4000 } },
                [requestName] = new() { Requests = 1900, Errors = 0, Throughput = 63.3, LatencyMs = latency with { P99 = latency.P99 * 1.2 }, StatusCodes = new Dictionary<string, long> { ["200"] = 1900 } },
                ["POST /orders"] = new() { Requests = 100, Errors = 8, Throughput = 3.3, LatencyMs = latency with { P50 = latency.P50 * 2 }, StatusCodes = new Dictionary<string, long> { ["201"] = 92, ["503"] = 8 } },
            },
            Checks = new Dictionary<string, CheckStats> { ["status is 2xx"] = new(5992, 8), ["body has id"] = new(1900, 0) },
            Thresholds = [new ThresholdOutcome("p99<200ms", latency.P99, latency.P99 < 200), new ThresholdOutcome("errors<1%", 0.13, true)],
            Intervals = intervals,
            Iterations = 1900,
            IterationLatencyMs = latency with { P99 = latency.P99 * 3 },
            LatencyHistogram = Encode(histogram),
            Warnings = ["the generator started 3 of 6000 requests more than 10 ms late (worst 14.2 ms)"],
        }.WithHeader(Header("run", $"scalelab run {target} -r 200 -d 30s --json run.json"));
    }

    /// <summary>A fit of SPEC SDM91's published points, made by Core as <c>scalelab fit</c> makes it.</summary>
    public static FitResult Fit()
    {
        ScalabilityPoint[] points = [new(1, 64.9), new(18, 995.9), new(36, 1652.4), new(72, 1853.2), new(108, 1828.9), new(144, 1775.0), new(216, 1702.2)];
        var analysis = ScalabilityAnalyzer.Analyze(points);
        return FitResult.Create(
            Header("fit", "scalelab fit specsdm91.csv --json fit.json"),
            new FitSource("specsdm91.csv", "csv", "load", "throughput", points.Length, []),
            analysis,
            [analysis.Predict(300)]);
    }

    /// <summary>A diagnosis whose throughput follows a USL with contention (σ 0.1) and a little coherency, watched processes and all.</summary>
    public static DiagnoseResult Diagnose(string target = "http://127.0.0.1:5055/lock")
    {
        var model = new UslModel(0.1, 0.002, 100);
        var random = new Random(3);
        var steps = new List<DiagnoseStep>();
        foreach (var n in new[] { 1, 2, 4, 8, 16, 32, 64 })
        {
            var x = model.Throughput(n) * (1 + (random.NextDouble() - 0.5) * 0.06);
            var mean = 1000.0 * n / x;
            steps.Add(new DiagnoseStep
            {
                Concurrency = n,
                Throughput = Math.Round(x, 2),
                ThroughputEstimate = ThroughputEstimate.Completions,
                Efficiency = Math.Round(x / (n * 100.0), 3),
                LatencyMs = new StepLatency(mean * 0.9, mean * 1.4, mean * 2.2, mean * 3, mean),
                Requests = (long)(x * 3),
                Errors = 0,
                ErrorRate = 0,
                DurationSeconds = 3,
                CpuPercent = Math.Min(100, 12 * Math.Log2(n + 1)),
                CpuLimit = 2,
                RssBytes = 80_000_000,
                MachineCpuPercent = Math.Min(100, 30 + 10 * Math.Log2(n)),
                GeneratorUtilization = 0.02 * Math.Log2(n + 1),
                GeneratorSaturated = false,
                FromBaseline = n == 1,
            });
        }

        var analysis = ScalabilityAnalyzer.Analyze(steps.Select(s => new ScalabilityPoint(s.Concurrency, s.Throughput)).ToArray());
        return new DiagnoseResult
        {
            Target = target,
            Users = 64,
            MaxUsers = 64,
            Slo = Slo.Default,
            Verdict = new Verdict(
                VerdictKind.Scalability,
                VerdictCause.Contention,
                "Scalability problem (contention): one user is fast, but throughput stops keeping up with load from 8 users.",
                ["one user: p99 22 ms, within the objective p99 ≤ 200 ms", "Amdahl's law fits with contention σ = 0.1"],
                ["Find the serialised section that admits about 9 requests at a time."])
            { KneeConcurrency = 8.6 },
            Confidence = new DiagnosisConfidence(ConfidenceLevel.Medium, [new ConfidenceNote("noisy", "throughput varied within the step at 64 users (±12%)", ConfidenceLevel.Medium)]),
            Baseline = Run(target),
            Steps = steps,
            Ramp = new RampStop(RampStopReason.MaxUsers, "every planned step was measured, up to 64 users"),
            DurationSeconds = 33.4,
            Usl = UslSection.From(analysis.Usl),
            Amdahl = AmdahlSection.From(analysis.Amdahl),
            Preferred = analysis.Preferred,
            FitWarnings = analysis.Warnings,
            Watch = new WatchSummary([4242], [], [new WatchedProcess(4242, "demo")], 100),
            Interrupted = false,
        }.Stamped(Header("diagnose", $"scalelab diagnose {target} --watch 4242 --json d.json"));
    }

    /// <summary>A scale experiment over 1, 2, 4 and 8 replicas and 1, 2 cores, whose database saturates first, with one replica killed.</summary>
    public static ScaleResult Scale(string target = "lab baseline")
    {
        var steps = new List<ScaleStep>();
        var capacities = new Dictionary<int, double> { [1] = 400, [2] = 760, [4] = 1280, [8] = 1500 };
        foreach (var (replicas, capacity) in capacities)
        {
            steps.Add(Step(replicas, 1, capacity, capacity / (replicas * 400.0), dbCpu: Math.Min(98, 20 * replicas)));
        }

        steps.Add(Step(1, 2, 700, 700 / 800.0, dbCpu: 35));
        var points = steps.Where(s => s.Cpus == 1).Select(s => new ScalabilityPoint(s.Replicas, s.Capacity)).ToArray();
        var analysis = ScalabilityAnalyzer.Analyze(points);
        return new ScaleResult
        {
            Target = target,
            Slo = new ScaleObjective(99, 200, 0.001),
            Steps = steps,
            Usl = UslSection.From(analysis.Usl),
            Verdict = new ScaleVerdict("sub-linear", "saturation", "db-0",
                "Adding replicas 4 to 8 added 17% capacity while the database tier is at 98% CPU: scaling the replicas is scaling the wrong component.",
                "Scale the database: shard it, add a read replica, or cache its reads."),
            Fault = new ScaleFault
            {
                Replica = "replica-3",
                KilledAtSeconds = 10,
                Requests = 30000,
                Errors = 41,
                ErrorKinds = new Dictionary<string, long> { ["reset"] = 30, ["http5xx"] = 11 },
                EjectedAfterMs = 850,
                ReplacedAfterMs = 4200,
                CapacityBefore = 1500,
                CapacityDuring = 1310,
                CapacityAfter = 1490,
                OrdersAcknowledged = 912,
                OrdersLost = 0,
                OrdersDoubled = 0,
            },
            DurationSeconds = 201,
            Warnings = ["the machine has 2 cores: the lab and its load share them"],
        }.WithHeader(Header("scale", $"scalelab scale --lab baseline --replicas 1,2,4,8 --cpus 1,2 --kill-one 10s --json scale.json"));
    }

    private static ScaleStep Step(int replicas, int cpus, double capacity, double efficiency, double dbCpu)
    {
        var tiers = new List<TierUsage> { new("balancer", "balancer", 10 + 5 * replicas, 0.1 * replicas, 60) };
        for (var r = 1; r <= replicas; r++)
        {
            tiers.Add(new TierUsage($"replica-{r}", "replica", Math.Min(95, 70 - 5 * replicas + 10 * cpus), 0.7, 90));
        }

        tiers.Add(new TierUsage("store", "store", 8 + 2 * replicas, 0.1, 40));
        tiers.Add(new TierUsage("db-0", "database", dbCpu, dbCpu / 100, 120));
        tiers.Add(new TierUsage("generator", "generator", 30, 0.6, 70));
        return new ScaleStep
        {
            Replicas = replicas,
            Cpus = cpus,
            Capacity = capacity,
            Efficiency = Math.Round(efficiency, 3),
            WarmupSeconds = 12,
            LatencyMs = new LatencySummary(2, 30, 25, 90, 180, 220, 260, 20),
            Errors = 1,
            Requests = (long)(capacity * 20),
            Tiers = tiers,
        };
    }

    private static ResultHeader Header(string kind, string commandLine) =>
        new() { Kind = kind, StartedAt = StartedAt, CommandLine = commandLine, Machine = Machine };

    private static DiagnoseResult Stamped(this DiagnoseResult result, ResultHeader header) => ResultDocument.Stamp(result, header);

    private static string Encode(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = histogram.EncodeIntoCompressedByteBuffer(buffer);
        var bytes = new byte[length];
        buffer.Position = 0;
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }

        return Convert.ToBase64String(bytes);
    }
}
