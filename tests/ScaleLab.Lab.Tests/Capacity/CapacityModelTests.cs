using ScaleLab.Lab.Capacity;
using ScaleLab.Lab.Tests.Support;
using Xunit.Abstractions;

namespace ScaleLab.Lab.Tests.Capacity;

public sealed class CapacityModelTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WorkAsync_SixRequestsOnTwoWorkers_ServesTwoPerIoTimeAndQueuesTheRest()
    {
        // The middleware's sequence (take a worker, work, give it back) on a fake clock: every step is exact.
        var time = new TimerWatchingTime();
        using var delay = new PreciseDelay(time);
        var model = new CapacityModel(2, TimeSpan.Zero, TimeSpan.FromMilliseconds(20), time, delay);
        var waiting = 0;
        var completed = 0;

        var requests = Enumerable.Range(0, 6).Select(async _ =>
        {
            var (lease, waited) = await model.Pool.EnterAsync(CancellationToken.None);
            using (lease)
            {
                // WorkAsync runs up to its delay before it returns: counted after, a request is known to be waiting.
                var work = model.WorkAsync(CancellationToken.None);
                Interlocked.Increment(ref waiting);
                await work;
            }

            Interlocked.Increment(ref completed);
            return waited;
        }).ToArray();

        // Two requests per 20 ms: after each step exactly two more are done, two wait for their delay (a worker
        // handed over is not yet a delay asked for: advancing before both are would move one a step later) and the
        // rest wait for a worker.
        for (var step = 0; step < 3; step++)
        {
            await UntilAsync(() => Volatile.Read(ref completed) == 2 * step && Volatile.Read(ref waiting) == 2 * step + 2
                                   && model.Pool.Busy == 2 && model.Pool.Queued == 4 - 2 * step);
            Assert.Equal(new(TimeSpan.FromMilliseconds(20 * step), TimeSpan.FromMilliseconds(20)), await time.NextTimerAsync());
            Assert.Equal(2 * step, Volatile.Read(ref completed));
            time.Advance(TimeSpan.FromMilliseconds(20));
        }

        var waits = await Task.WhenAll(requests).WaitAsync(Deadline);

        Assert.Equal([0, 0, 20, 20, 40, 40], waits.Select(w => w.TotalMilliseconds).Order());
        Assert.Equal(0, model.Pool.Busy);
    }

    [Fact]
    public async Task WorkAsync_WithCpu_CountsAtLeastTheCpuAskedPerRequest()
    {
        using var delay = new PreciseDelay(new TimerWatchingTime());
        var model = new CapacityModel(1, TimeSpan.FromMilliseconds(2), TimeSpan.Zero, TimeProvider.System, delay);

        for (var i = 0; i < 3; i++)
        {
            await model.WorkAsync(CancellationToken.None);
        }

        Assert.True(model.CpuSpent >= TimeSpan.FromMilliseconds(6), $"{model.CpuSpent.TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData(2, 20)]
    [InlineData(4, 20)]
    public async Task Throughput_SaturatedReplica_NeverExceedsWorkersOverServiceTime(int workers, double ioMs)
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline", workers: workers, cpuMs: 0.5, ioMs: ioMs);
        await ClosedLoop.ThroughputAsync(8, TimeSpan.FromSeconds(0.5), _ => GetAsync(client));

        var throughput = await ClosedLoop.ThroughputAsync(16, TimeSpan.FromSeconds(2), _ => GetAsync(client));
        var ceiling = workers / ((ioMs + 0.5) / 1000);

        // An upper bound only: each request holds a worker for at least its delay (never early) and its CPU time,
        // so no machine serves more; a busy one serves less. How close a replica gets to the ceiling is a
        // measurement: bench/lab-timing.sh.
        output.WriteLine($"workers {workers}, io {ioMs} ms, cpu 0.5 ms: {throughput:F0} req/s against a model ceiling of {ceiling:F0}");
        Assert.True(throughput <= 1.02 * ceiling, $"{throughput:F0} req/s above the ceiling of {ceiling:F0}");
        var metrics = await MetricsSnapshot.ReadAsync(client);
        var served = metrics.Sum("scalelab_requests_total", "route=\"/products/{id:long}\"", "status=\"200\"");
        Assert.True(served > 0);
        Assert.True(metrics.Sum("scalelab_cpu_work_seconds_total") >= 0.0005 * served, "every request burns its CPU");
    }

    private static async Task<bool> GetAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/products/7");
        return response.IsSuccessStatusCode;
    }

    /// <summary>Polls until <paramref name="condition"/> holds: it waits for other threads, not for time to pass.</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!condition())
        {
            Assert.False(deadline.IsCancellationRequested, "the condition did not hold within the deadline");
            await Task.Delay(1, CancellationToken.None);
        }
    }
}
