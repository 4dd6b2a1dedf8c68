using ScaleLab.Experiments.Scaling;
using ScaleLab.Load.Http;
using Xunit.Abstractions;

namespace ScaleLab.Experiments.Tests.Scaling;

public sealed class FaultTrialLabTests(ITestOutputHelper output)
{
    /// <summary>The acceptance: with 4 replicas, a kill fails at most 1% of the step's requests and loses no order.</summary>
    [Fact]
    public async Task RunAsync_LabWithFourReplicas_FewErrorsNoOrderLostAndAReplacement()
    {
        const int replicas = 4;
        await using var lab = await LabUnderTest.StartAsync(replicas);
        var options = new FaultTrialOptions
        {
            // A quarter of what four baseline replicas serve (4 workers, 20 ms each: 200/s apiece): the three left keep up.
            Rate = 200,
            Duration = TimeSpan.FromSeconds(12),
            KillAfter = TimeSpan.FromSeconds(3),
            Orders = new FaultOrders(lab.AuditAsync),
        };
        var trial = new FaultTrial(lab, HttpTargets.Create(new Uri(lab.Endpoint, "products/1")), options);

        var result = await trial.RunAsync();

        output.WriteLine(result.Summary);
        output.WriteLine("serving: " + string.Join(' ', result.Serving.Select(s => $"{s.Seconds:0.0}:{s.Serving}")));
        var fault = result.Fault;
        Assert.Equal("replica 4", fault.Replica);
        Assert.Equal(replicas, fault.Replicas);
        Assert.Equal(1.0 / replicas, fault.ExpectedLossShare, precision: 3);
        Assert.InRange(fault.KilledAtSeconds, 2.5, 5);
        Assert.True(fault.Requests > 600, $"{fault.Requests} requests");
        Assert.True(fault.Errors <= fault.Requests / 100, $"{fault.Errors} of {fault.Requests} requests failed");
        Assert.NotNull(fault.EjectedAfterMs);
        Assert.NotNull(fault.ReplacedAfterMs);
        Assert.True(fault.ReplacedAfterMs >= fault.EjectedAfterMs || fault.Errors > 0);
        Assert.True(fault.OrdersAcknowledged > 0);
        Assert.Equal(0, fault.OrdersLost);
        Assert.Equal(0, fault.OrdersDoubled);
        Assert.True(fault.CapacityBefore > 0 && fault.CapacityAfter > 0);
    }
}
