using System.Diagnostics;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Load.Diagnosis;
using ScaleLab.Load.Http;
using Xunit.Abstractions;

namespace ScaleLab.Load.Tests.Diagnosis;

/// <summary>The diagnosis runs alone: other tests' load would be part of its measurements.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DiagnosisCollection : ICollectionFixture<EngineWarmup>
{
    public const string Name = "Diagnosis";
}

/// <summary>
/// One short run before the first diagnosis: the generator and the targets share this process, and its first
/// second (JIT, thread pool growth) would otherwise land in whichever test runs first. A real target is a warm
/// process of its own, and the diagnosis's own warm-up covers the generator.
/// </summary>
public sealed class EngineWarmup : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var target = await DiagnosisTargets.ParallelWaitAsync();
        var options = ScaleLab.Load.Engine.LoadOptions.Closed(8, TimeSpan.FromSeconds(1));
        await new ScaleLab.Load.Engine.LoadRunner(HttpTargets.Create(target.Uri, options), options).RunAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// The whole diagnosis (baseline, ramp, watcher, fit, verdict) against real targets whose bottleneck is known.
/// Short steps (0.5 s) and 8 to 16 users keep each under 15 s; the margins hold on a busy two-core machine.
/// </summary>
[Collection(DiagnosisCollection.Name)]
public sealed class DiagnosisEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Diagnose_SlowHandler_IsPerformance()
    {
        await using var target = await DiagnosisTargets.SlowHandlerAsync();

        var (measured, judgement, elapsed) = await DiagnoseAsync(target, users: 8);

        var verdict = judgement.Verdict!;
        Assert.True(verdict.Kind == VerdictKind.Performance, Describe(measured, judgement));
        Assert.Equal(VerdictCause.None, verdict.Cause);
        Assert.InRange(measured.Steps[0].LatencyMs.P99, 290, 1000);
        Assert.True(measured.Steps[^1].Efficiency >= 0.8, Describe(measured, judgement));
        Assert.True(elapsed < Limit, $"took {elapsed}");
    }

    [Fact]
    public async Task Diagnose_GlobalLock_IsScalabilityContention()
    {
        await using var target = await DiagnosisTargets.GlobalLockAsync();

        var (measured, judgement, elapsed) = await DiagnoseAsync(target, users: 16);

        var verdict = judgement.Verdict!;
        Assert.True(verdict is { Kind: VerdictKind.Scalability, Cause: VerdictCause.Contention }, Describe(measured, judgement));
        // 5 ms under one lock: never past 200 req/s, with the CPU nearly idle.
        Assert.All(measured.Steps, s => Assert.InRange(s.Throughput, 1, 230));
        Assert.All(measured.Steps.Skip(1), s => Assert.InRange(s.CpuPercent!.Value, 0, 60));
        Assert.True(elapsed < Limit, $"took {elapsed}");
    }

    [Fact]
    public async Task Diagnose_WorkGrowingWithRequestsInFlight_IsScalabilityCoherency()
    {
        await using var target = await DiagnosisTargets.CrossTalkAsync();

        var (measured, judgement, elapsed) = await DiagnoseAsync(target, users: 16);

        var verdict = judgement.Verdict!;
        Assert.True(verdict is { Kind: VerdictKind.Scalability, Cause: VerdictCause.Coherency }, Describe(measured, judgement));
        var peak = measured.Steps.MaxBy(s => s.Throughput)!;
        Assert.True(peak.Concurrency < measured.Steps[^1].Concurrency, Describe(measured, judgement));
        Assert.InRange(judgement.Analysis!.Usl.PeakConcurrency!.Value, 2, 32);
        Assert.True(elapsed < Limit, $"took {elapsed}");
    }

    [Fact]
    public async Task Diagnose_ParallelWaiting_IsHealthy()
    {
        await using var target = await DiagnosisTargets.ParallelWaitAsync();

        var (measured, judgement, elapsed) = await DiagnoseAsync(target, users: 16);

        var verdict = judgement.Verdict!;
        Assert.True(verdict is { Kind: VerdictKind.Healthy, Cause: VerdictCause.None }, Describe(measured, judgement));
        Assert.Equal(16, measured.Steps[^1].Concurrency);
        Assert.True(measured.Steps[^1].Efficiency >= 0.8, Describe(measured, judgement));
        Assert.True(elapsed < Limit, $"took {elapsed}");
    }

    [Fact]
    public async Task Diagnose_Cancelled_ReturnsWhatWasMeasured()
    {
        await using var target = await DiagnosisTargets.ParallelWaitAsync();
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAfterSteps(cancel, steps: 2);

        var (measured, judgement, _) = await DiagnoseAsync(target, users: 16, progress, cancel.Token);

        Assert.True(measured.Interrupted);
        Assert.Equal(RampStopReason.Interrupted, measured.Stop!.Reason);
        Assert.InRange(measured.Steps.Count, 2, 3);
        Assert.NotNull(judgement.Verdict);
        Assert.Contains(judgement.Confidence.Notes, n => n.Code == "interrupted");
    }

    [Fact]
    public async Task Diagnose_TargetDown_ThrowsTargetUnreachable()
    {
        var uri = new Uri($"http://127.0.0.1:{FreePort.Get()}/");
        var plan = Plan(users: 4);
        var procedure = new DiagnosisProcedure(uri, options => HttpTargets.Create(uri, options), plan);

        await Assert.ThrowsAsync<ScaleLab.Load.Engine.TargetUnreachableException>(() => procedure.RunAsync());
    }

    private static DiagnosisPlan Plan(int users) => new()
    {
        Users = users,
        Slo = Slo.Default,
        Warmup = TimeSpan.FromMilliseconds(500),
        BaselineDuration = TimeSpan.FromSeconds(1.5),
        StepDuration = TimeSpan.FromMilliseconds(500),
        MaxDuration = TimeSpan.FromSeconds(25),
        Timeout = TimeSpan.FromSeconds(5),
    };

    private async Task<(DiagnosisMeasurement Measured, Judgement Judgement, TimeSpan Elapsed)> DiagnoseAsync(
        KestrelTarget target, int users, IProgress<DiagnosisProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var plan = Plan(users);
        var watcher = ProcessWatcher.Create([Environment.ProcessId], []);
        var procedure = new DiagnosisProcedure(target.Uri, options => HttpTargets.Create(target.Uri, options), plan, watcher);
        var clock = Stopwatch.StartNew();

        var measured = await procedure.RunAsync(progress, cancellationToken);
        var judgement = VerdictRules.Judge(measured.ToInput(plan), plan.Thresholds);

        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {Describe(measured, judgement)}");
        return (measured, judgement, clock.Elapsed);
    }

    /// <summary>The numbers behind a verdict, for a failure message.</summary>
    private static string Describe(DiagnosisMeasurement measured, Judgement judgement) =>
        $"{judgement.Verdict?.Kind}/{judgement.Verdict?.Cause}: {judgement.Verdict?.Summary}\n" +
        string.Join("\n", measured.Steps.Select(s => $"  N={s.Concurrency} X={s.Throughput} E={s.Efficiency} p99={s.LatencyMs.P99} cpu={s.CpuPercent} machine={s.MachineCpuPercent}")) +
        $"\n  {measured.Stop?.Message}\n  " + string.Join("\n  ", judgement.Verdict?.Evidence ?? []) + "\n  " + string.Join("\n  ", judgement.Confidence.Notes.Select(n => n.Message));

    private sealed class CancelAfterSteps(CancellationTokenSource cancel, int steps) : IProgress<DiagnosisProgress>
    {
        private int _measured;

        public void Report(DiagnosisProgress value)
        {
            if (value.Step is not null && Interlocked.Increment(ref _measured) >= steps)
            {
                cancel.Cancel();
            }
        }
    }
}
