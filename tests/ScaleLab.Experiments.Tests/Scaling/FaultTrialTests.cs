using Microsoft.AspNetCore.Builder;
using ScaleLab.Experiments.Scaling;
using ScaleLab.Load.Http;
using ScaleLab.Tests.Support;

namespace ScaleLab.Experiments.Tests.Scaling;

public sealed class FaultTrialTests
{
    /// <summary>A system that serves through a Kestrel server and cannot kill anything.</summary>
    private sealed class Unkillable(Uri endpoint) : IScaledSystem
    {
        public string Description => "unkillable";
        public Uri Endpoint => endpoint;
        public Task ResizeAsync(ScaleSize size, CancellationToken cancellationToken) => Task.CompletedTask;
        public IReadOnlyList<ScaledProcess> Processes() => [];
        public Task<string?> KillOneAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
        public Task<int> ServingReplicasAsync(CancellationToken cancellationToken) => Task.FromResult(2);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task RunAsync_SystemCannotKill_OneLineSetupError()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () => "ok"));
        var system = new Unkillable(target.Uri);
        var options = new FaultTrialOptions { Rate = 20, Duration = TimeSpan.FromSeconds(2), KillAfter = TimeSpan.FromSeconds(1) };

        var error = await Assert.ThrowsAsync<ScaleSetupException>(() => new FaultTrial(system, HttpTargets.Create(target.Uri), options).RunAsync());

        Assert.Equal("unkillable cannot kill a replica (--kill-one)", error.Message);
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(10, 0)]
    public void Validate_KillOutsideTheStep_Refused(int durationSeconds, int killAfterSeconds)
    {
        var options = new FaultTrialOptions { Rate = 10, Duration = TimeSpan.FromSeconds(durationSeconds), KillAfter = TimeSpan.FromSeconds(killAfterSeconds) };

        Assert.Equal("--kill-one must be above 0 and shorter than the step", options.Validate());
    }
}
