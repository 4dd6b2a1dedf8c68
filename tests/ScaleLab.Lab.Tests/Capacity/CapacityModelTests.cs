using ScaleLab.Lab.Tests.Support;
using Xunit.Abstractions;

namespace ScaleLab.Lab.Tests.Capacity;

public sealed class CapacityModelTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(2, 20)]
    [InlineData(4, 20)]
    public async Task Throughput_SaturatedReplica_IsWorkersOverIoTime(int workers, double ioMs)
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline", workers: workers, cpuMs: 0.5, ioMs: ioMs);
        await ClosedLoop.ThroughputAsync(8, TimeSpan.FromSeconds(0.5), _ => GetAsync(client));

        var throughput = await ClosedLoop.ThroughputAsync(16, TimeSpan.FromSeconds(2), _ => GetAsync(client));
        var ceiling = workers / ((ioMs + 0.5) / 1000);

        output.WriteLine($"workers {workers}, io {ioMs} ms, cpu 0.5 ms: {throughput:F0} req/s against a model ceiling of {ceiling:F0}");
        // The ceiling must hold; the floor only checks that nothing else (the store, SQLite, the test's own client)
        // limits first, and leaves room for other processes on the machine.
        Assert.InRange(throughput, 0.6 * ceiling, 1.02 * ceiling);
        var metrics = await MetricsSnapshot.ReadAsync(client);
        Assert.True(metrics.Sum("scalelab_queue_wait_seconds_sum") > 0, "16 clients on a few workers must queue");
        Assert.True(metrics.Sum("scalelab_cpu_work_seconds_total") >= 0.0005 * throughput, "every request burns its CPU");
    }

    private static async Task<bool> GetAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/products/7");
        return response.IsSuccessStatusCode;
    }
}
