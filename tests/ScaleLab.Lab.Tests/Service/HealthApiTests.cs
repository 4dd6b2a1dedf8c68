using System.Net;
using ScaleLab.Lab.Tests.Support;

namespace ScaleLab.Lab.Tests.Service;

public sealed class HealthApiTests
{
    [Fact]
    public async Task Healthz_Started_Returns200()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterRequests_ExposesEveryFamilyInPrometheusText()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline", replicaId: 3);
        await client.GetAsync("/products/1");
        await client.GetAsync("/products/1");
        await client.GetAsync("/users/1/feed");

        // A request's status, latency and queries are recorded one after the other: wait for all three.
        var metrics = await MetricsSnapshot.WaitForAsync(
            client,
            m => m.Sum("scalelab_requests_total", "route=\"/products/{id:long}\"") >= 2
                 && m.Sum("scalelab_request_duration_seconds_count", "route=\"/products/{id:long}\"") >= 2
                 && m.Sum("scalelab_db_queries_total", "route=\"/products/{id:long}\"") >= 2,
            "both product requests done");
        using var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("scalelab_replica_info{replica=\"3\",scenario=\"baseline\"", text, StringComparison.Ordinal);
        Assert.Equal(2, metrics.Sum("scalelab_requests_total", "route=\"/products/{id:long}\"", "status=\"200\""));
        Assert.Equal(2, metrics.Sum("scalelab_request_duration_seconds_count", "route=\"/products/{id:long}\""));
        Assert.Equal(2, metrics.Sum("scalelab_db_queries_total", "route=\"/products/{id:long}\""));
        Assert.Equal(1, metrics.Sum("scalelab_cache_misses_total"));
        foreach (var name in new[]
                 {
                     "scalelab_queue_wait_seconds_count", "scalelab_in_flight_requests", "scalelab_queued_requests", "scalelab_cache_hits_total",
                     "scalelab_lock_waits_total", "scalelab_lock_wait_seconds_total", "scalelab_broadcast_rebuilds_total", "process_cpu_seconds_total",
                 })
        {
            Assert.True(metrics.Has(name), $"missing {name}");
        }
    }

    [Fact]
    public async Task Metrics_WhileRequestsQueue_CountsThemInFlight()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline", workers: 1, ioMs: 2000);

        // Three requests of 2 s each through one worker: while the first is served, two queue. Polled: a busy
        // machine may delay their arrival, but not by the 2 s the first one holds the worker.
        var slow = Enumerable.Range(0, 3).Select(_ => client.GetAsync("/products/1")).ToArray();
        var during = await MetricsSnapshot.WaitForAsync(client, m => m.Sum("scalelab_queued_requests") == 2, "two requests queued");
        await Task.WhenAll(slow);
        var after = await MetricsSnapshot.WaitForAsync(
            client, m => m.Sum("scalelab_requests_total", "route=\"/products/{id:long}\"") == 3, "the three requests done");

        // In flight: the served one, the two queued, and the /metrics request reading it.
        Assert.Equal(4, during.Sum("scalelab_in_flight_requests"));
        Assert.Equal(1, during.Sum("scalelab_busy_workers"));
        Assert.Equal(1, after.Sum("scalelab_in_flight_requests"));
        Assert.Equal(0, after.Sum("scalelab_queued_requests"));
        // Both were queued at once, so the second to get the worker waited at least the first one's 2 s delay.
        Assert.True(after.Sum("scalelab_queue_wait_seconds_sum") >= 2, $"waited {after.Sum("scalelab_queue_wait_seconds_sum")} s");
    }

    [Fact]
    public async Task Metrics_ClientGivesUpWhileQueued_CountsA499AndTheReplicaServesOn()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline", workers: 1, ioMs: 2000);

        var first = client.GetAsync("/products/1");
        await MetricsSnapshot.WaitForAsync(client, m => m.Sum("scalelab_busy_workers") == 1, "the first request served");
        using (var impatient = new CancellationTokenSource())
        {
            var second = client.GetAsync("/products/2", impatient.Token);
            await MetricsSnapshot.WaitForAsync(client, m => m.Sum("scalelab_queued_requests") == 1, "the second request queued");
            await impatient.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        }

        using var served = await first;
        var metrics = await MetricsSnapshot.WaitForAsync(
            client, m => m.Sum("scalelab_requests_total", "route=\"/products/{id:long}\"") == 2, "both requests done");

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(1, metrics.Sum("scalelab_requests_total", "route=\"/products/{id:long}\"", "status=\"499\""));
        Assert.Equal(1, metrics.Sum("scalelab_requests_total", "route=\"/products/{id:long}\"", "status=\"200\""));
    }
}
