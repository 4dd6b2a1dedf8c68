using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scaling;
using ScaleLab.Experiments.Scaling;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Http;
using ScaleLab.Tests.Support;

namespace ScaleLab.Experiments.Tests.Scaling;

public sealed class ScaleExperimentTests
{
    [Fact]
    public async Task Run_ServerWhoseWorkersGrowWithReplicas_MoreReplicasMoreCapacity()
    {
        await using var system = await WorkerServer.StartAsync();
        var plan = Plan([new ScaleSize(1), new ScaleSize(3)]);
        var progress = new List<string>();

        var result = await new ScaleExperiment(system, plan).RunAsync(Header(), new Recorder(progress), CancellationToken.None);

        Assert.Equal(2, result.Steps.Count);
        Assert.All(result.Steps, s => Assert.True(s.Capacity > 0));
        // Three times the workers: well over one and a half times the capacity, even on a busy machine.
        Assert.True(result.Steps[1].Capacity > 1.5 * result.Steps[0].Capacity, $"capacities {result.Steps[0].Capacity} and {result.Steps[1].Capacity}");
        Assert.Equal(1, result.Steps[0].Efficiency);
        Assert.Contains(result.Steps[0].Tiers, t => t.Role == "generator");
        Assert.Contains("warming", progress);
        Assert.Contains("probed", progress);
        Assert.False(result.Interrupted);
    }

    [Fact]
    public async Task Run_CancelledAtOnce_InterruptedWithNoStep()
    {
        await using var system = await WorkerServer.StartAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var result = await new ScaleExperiment(system, Plan([new ScaleSize(1)])).RunAsync(Header(), null, cancelled.Token);

        Assert.True(result.Interrupted);
        Assert.Empty(result.Steps);
        Assert.Null(result.Verdict);
    }

    [Fact]
    public async Task Run_JsonOfAStep_HasTheIssuesFieldNames()
    {
        await using var system = await WorkerServer.StartAsync();

        var result = await new ScaleExperiment(system, Plan([new ScaleSize(1)])).RunAsync(Header(), null, CancellationToken.None);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(result, ResultJson.Options));

        var root = json.RootElement;
        Assert.Equal("scale", root.GetProperty("kind").GetString());
        foreach (var field in new[] { "target", "steps", "usl", "verdict", "machine", "startedAt", "schemaVersion" })
        {
            Assert.True(root.TryGetProperty(field, out _), field);
        }

        var step = root.GetProperty("steps")[0];
        foreach (var field in new[] { "replicas", "cpus", "memoryMb", "capacity", "efficiency", "warmupSeconds", "latencyMs", "errors", "tiers" })
        {
            Assert.True(step.TryGetProperty(field, out _), field);
        }

        var tier = step.GetProperty("tiers")[0];
        foreach (var field in new[] { "name", "role", "cpuPercent", "cpuCores", "rssMb" })
        {
            Assert.True(tier.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Run_LoadSourceGiven_SendsEveryRunThroughItToTheEndpoint()
    {
        await using var system = await WorkerServer.StartAsync();
        var source = new CountingSource(new LocalLoadSource((uri, options) => HttpTargets.Create(uri, options)));
        var plan = Plan([new ScaleSize(1)]) with { CreateFactory = null, Load = source };

        var result = await new ScaleExperiment(system, plan).RunAsync(Header(), null, CancellationToken.None);

        Assert.Single(result.Steps);
        Assert.True(result.Steps[0].Capacity > 0);
        // The warm-up and at least one rate.
        Assert.True(source.Targets.Count >= 2, $"{source.Targets.Count} runs");
        Assert.All(source.Targets, t => Assert.Equal(system.Endpoint, t));
    }

    private sealed class CountingSource(ILoadSource inner) : ILoadSource
    {
        public List<Uri> Targets { get; } = [];

        public string Description => inner.Description;

        public Task<LoadMeasurement> RunAsync(Uri target, LoadOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
        {
            lock (Targets)
            {
                Targets.Add(target);
            }

            return inner.RunAsync(target, options, progress, cancellationToken);
        }
    }

    private static ScalePlan Plan(IReadOnlyList<ScaleSize> sizes) => new()
    {
        Sizes = sizes,
        Objective = new ScaleObjective(99, 250, 0.001),
        CreateFactory = (uri, options) => HttpTargets.Create(uri, options),
        ProbeDuration = TimeSpan.FromSeconds(1),
        ProbeWarmup = TimeSpan.FromMilliseconds(300),
        MaxWarmup = TimeSpan.FromSeconds(5),
        MaxProbes = 5,
        Timeout = TimeSpan.FromSeconds(2),
    };

    private static ResultHeader Header() => ResultHeader.Create("scale", TimeProvider.System.GetUtcNow(), "scalelab scale (test)");

    private sealed class Recorder(List<string> phases) : IProgress<ScaleProgress>
    {
        public void Report(ScaleProgress value)
        {
            lock (phases)
            {
                phases.Add(value.Phase);
            }
        }
    }

    /// <summary>
    /// A real Kestrel server whose "replicas" are worker slots: each replica serves two requests at once, each taking
    /// 20 ms of waiting, so capacity grows with the replica count as a scaled-out stateless tier's would.
    /// </summary>
    private sealed class WorkerServer : IScaledSystem
    {
        private const int WorkersPerReplica = 2;
        private readonly SemaphoreSlim _workers = new(0, 1000);
        private KestrelTarget? _server;
        private int _replicas;

        public string Description => "workers";

        public Uri Endpoint => _server!.Uri;

        public static async Task<WorkerServer> StartAsync()
        {
            var system = new WorkerServer();
            system._server = await KestrelTarget.StartAsync(app => app.MapGet("/", async (HttpContext context) =>
            {
                await system._workers.WaitAsync(context.RequestAborted);
                try
                {
                    await Task.Delay(20, context.RequestAborted);
                }
                finally
                {
                    system._workers.Release();
                }

                return "ok";
            }));
            return system;
        }

        public Task ResizeAsync(ScaleSize size, CancellationToken cancellationToken)
        {
            if (size.Replicas > _replicas)
            {
                _workers.Release((size.Replicas - _replicas) * WorkersPerReplica);
                _replicas = size.Replicas;
            }

            return Task.CompletedTask;
        }

        public IReadOnlyList<ScaledProcess> Processes() => [];

        public Task<string?> KillOneAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task<int> ServingReplicasAsync(CancellationToken cancellationToken) => Task.FromResult(_replicas);

        public async ValueTask DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            _workers.Dispose();
        }
    }
}
