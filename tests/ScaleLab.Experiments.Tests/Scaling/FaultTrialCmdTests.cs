using ScaleLab.Experiments.Scaling;
using ScaleLab.Experiments.Tests.Support;
using ScaleLab.Load.Http;
using Xunit.Abstractions;

namespace ScaleLab.Experiments.Tests.Scaling;

public sealed class FaultTrialCmdTests(ITestOutputHelper output) : IDisposable
{
    private readonly PortEchoServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task RunAsync_CmdCopies_KilledCopyIsEjectedAndReplaced()
    {
        await using var system = new CmdScaledSystem(new CmdScaledSystemOptions
        {
            Command = _server.Command,
            BalancerCommand = ScalelabCli.Command("lab", "balancer"),
        });
        await system.ResizeAsync(new ScaleSize(2), CancellationToken.None);
        var options = new FaultTrialOptions { Rate = 50, Duration = TimeSpan.FromSeconds(6), KillAfter = TimeSpan.FromSeconds(2) };

        var result = await new FaultTrial(system, HttpTargets.Create(system.Endpoint), options).RunAsync();

        output.WriteLine(result.Summary);
        var fault = result.Fault;
        Assert.Equal("replica-1", fault.Replica);
        Assert.Equal(0.5, fault.ExpectedLossShare);
        Assert.NotNull(fault.EjectedAfterMs);
        Assert.NotNull(fault.ReplacedAfterMs);
        Assert.Null(fault.OrdersAcknowledged);
        Assert.True(fault.Errors <= fault.Requests / 10, $"{fault.Errors} of {fault.Requests} failed");
        Assert.Equal(2, await system.ServingReplicasAsync(CancellationToken.None));
    }
}
