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

        using var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        var metrics = await MetricsSnapshot.ReadAsync(client);

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
        var client = await bed.StartReplicaAsync("baseline", workers: 1, ioMs: 1000);

        // Three requests of a second each through one worker: for a second, one is served and two queue. Poll
        // rather than sleep a fixed time, so that a busy machine that delays the requests' arrival can't fail it.
        var slow = Enumerable.Range(0, 3).Select(_ => client.GetAsync("/products/1")).ToArray();
        var during = await MetricsSnapshot.ReadAsync(client);
        for (var i = 0; i < 40 && during.Sum("scalelab_in_flight_requests") < 4; i++)
        {
            await Task.Delay(20);
            during = await MetricsSnapshot.ReadAsync(client);
        }

        await Task.WhenAll(slow);
        var after = await MetricsSnapshot.ReadAsync(client);

        Assert.Equal(4, during.Sum("scalelab_in_flight_requests"));
        Assert.Equal(2, during.Sum("scalelab_queued_requests"));
        Assert.Equal(1, after.Sum("scalelab_in_flight_requests"));
        Assert.True(after.Sum("scalelab_queue_wait_seconds_sum") >= 1.5, "two requests waited about 1 and 2 s");
    }

    [Fact]
    public async Task Metrics_ClientGivesUpWhileQueued_CountsA499AndTheReplicaServesOn()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline", workers: 1, ioMs: 500);

        var first = client.GetAsync("/products/1");
        await Task.Delay(100);
        using (var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync("/products/2", impatient.Token));
        }

        using var served = await first;
        await Task.Delay(200);
        var metrics = await MetricsSnapshot.ReadAsync(client);

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(1, metrics.Sum("scalelab_requests_total", "route=\"/products/{id:long}\"", "status=\"499\""));
        Assert.Equal(1, metrics.Sum("scalelab_requests_total", "route=\"/products/{id:long}\"", "status=\"200\""));
    }
}
