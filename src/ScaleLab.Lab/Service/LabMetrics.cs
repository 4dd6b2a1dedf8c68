using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ScaleLab.Lab.Capacity;

namespace ScaleLab.Lab.Service;

/// <summary>
/// The replica's counters, rendered by /metrics in the Prometheus text format (version 0.0.4). Names start with
/// <c>scalelab_</c>; durations are seconds. Queries per request = <c>scalelab_db_queries_total</c> /
/// <c>scalelab_requests_total</c> of the same route, over the same interval.
/// </summary>
internal sealed class LabMetrics
{
    private readonly ConcurrentDictionary<string, RouteStats> _routes = new(StringComparer.Ordinal);
    private readonly LatencyHistogram _queueWait = new();
    private long _cacheHits;
    private long _cacheMisses;
    private long _lockAcquisitions;
    private long _lockWaits;
    private long _lockRetries;
    private long _lockWaitTicks;
    private long _broadcastPublished;
    private long _broadcastReceived;
    private long _broadcastRebuilds;
    private long _backgroundQueries;
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public long CacheHits => Interlocked.Read(ref _cacheHits);

    public long CacheMisses => Interlocked.Read(ref _cacheMisses);

    public void RequestStarted() => Interlocked.Increment(ref _inFlight);

    public void RequestFinished(string route, int status, TimeSpan elapsed, int queries)
    {
        Interlocked.Decrement(ref _inFlight);
        var stats = _routes.GetOrAdd(route, static _ => new RouteStats());
        stats.Statuses.AddOrUpdate(status, 1, static (_, count) => count + 1);
        stats.Latency.Record(elapsed);
        Interlocked.Add(ref stats.Queries, queries);
    }

    public void RecordQueueWait(TimeSpan waited) => _queueWait.Record(waited);

    public void CacheHit() => Interlocked.Increment(ref _cacheHits);

    public void CacheMiss() => Interlocked.Increment(ref _cacheMisses);

    /// <summary>One acquisition of the global lock; <paramref name="retries"/> failed attempts before it (0: no wait).</summary>
    public void LockAcquired(int retries, TimeSpan waited)
    {
        Interlocked.Increment(ref _lockAcquisitions);
        if (retries > 0)
        {
            Interlocked.Increment(ref _lockWaits);
            Interlocked.Add(ref _lockRetries, retries);
            Interlocked.Add(ref _lockWaitTicks, waited.Ticks);
        }
    }

    public void BroadcastPublished() => Interlocked.Increment(ref _broadcastPublished);

    public void BroadcastReceived() => Interlocked.Increment(ref _broadcastReceived);

    public void BroadcastRebuilt(int queries)
    {
        Interlocked.Increment(ref _broadcastRebuilds);
        Interlocked.Add(ref _backgroundQueries, queries);
    }

    public string Render(ReplicaOptions options, CapacityModel capacity)
    {
        var text = new StringBuilder(4096);
        Header(text, "scalelab_replica_info", "gauge", "The replica's identity and scenario (always 1).");
        text.Append(CultureInfo.InvariantCulture, $"scalelab_replica_info{{replica=\"{options.ReplicaId}\",scenario=\"{Escape(options.Scenario)}\",db=\"{options.DatabaseName}\",shards=\"{options.Shards.Count}\"}} 1\n");

        var routes = _routes.OrderBy(r => r.Key, StringComparer.Ordinal).ToArray();
        Header(text, "scalelab_requests_total", "counter", "Requests served, by route template and status code.");
        foreach (var (route, stats) in routes)
        {
            foreach (var (status, count) in stats.Statuses.OrderBy(s => s.Key))
            {
                text.Append(CultureInfo.InvariantCulture, $"scalelab_requests_total{{route=\"{Escape(route)}\",status=\"{status}\"}} {count}\n");
            }
        }

        Header(text, "scalelab_request_duration_seconds", "histogram", "Time from the request's arrival to its response, queueing included, by route.");
        foreach (var (route, stats) in routes)
        {
            stats.Latency.WriteTo(text, "scalelab_request_duration_seconds", $"route=\"{Escape(route)}\"");
        }

        Header(text, "scalelab_db_queries_total", "counter", "Database statements run for requests, by route; divide by scalelab_requests_total for queries per request.");
        foreach (var (route, stats) in routes)
        {
            text.Append(CultureInfo.InvariantCulture, $"scalelab_db_queries_total{{route=\"{Escape(route)}\"}} {Interlocked.Read(ref stats.Queries)}\n");
        }

        Counter(text, "scalelab_db_background_queries_total", "Database statements run outside requests (broadcast rebuilds).", _backgroundQueries);
        Header(text, "scalelab_queue_wait_seconds", "histogram", "Time requests waited for a free worker (--workers).");
        _queueWait.WriteTo(text, "scalelab_queue_wait_seconds", string.Empty);

        Gauge(text, "scalelab_in_flight_requests", "Requests being handled now, queued ones included.", InFlight);
        Gauge(text, "scalelab_queued_requests", "Requests waiting for a worker now.", capacity.Pool.Queued);
        Gauge(text, "scalelab_busy_workers", "Workers serving a request now.", capacity.Pool.Busy);
        Gauge(text, "scalelab_workers", "The replica's worker limit (--workers).", capacity.Pool.Workers);

        Counter(text, "scalelab_cache_hits_total", "Feed reads answered from the store's cache.", _cacheHits);
        Counter(text, "scalelab_cache_misses_total", "Feed reads that went to the database.", _cacheMisses);

        Counter(text, "scalelab_lock_acquisitions_total", "Times the global lock was taken (global-lock).", _lockAcquisitions);
        Counter(text, "scalelab_lock_waits_total", "Acquisitions of the global lock that had to wait for another holder.", _lockWaits);
        Counter(text, "scalelab_lock_retries_total", "Failed attempts to take the global lock (SET NX) before it was taken.", _lockRetries);
        Header(text, "scalelab_lock_wait_seconds_total", "counter", "Time spent waiting for the global lock.");
        text.Append(CultureInfo.InvariantCulture, $"scalelab_lock_wait_seconds_total {TimeSpan.FromTicks(Interlocked.Read(ref _lockWaitTicks)).TotalSeconds:R}\n");

        Counter(text, "scalelab_broadcast_published_total", "Write notifications this replica published (broadcast-invalidation).", _broadcastPublished);
        Counter(text, "scalelab_broadcast_received_total", "Write notifications this replica received, its own included.", _broadcastReceived);
        Counter(text, "scalelab_broadcast_rebuilds_total", "Views rebuilt for received notifications: work done per write, on every replica.", _broadcastRebuilds);

        Header(text, "scalelab_cpu_work_seconds_total", "counter", "CPU time spent in the capacity model's simulated work (--cpu-ms).");
        text.Append(CultureInfo.InvariantCulture, $"scalelab_cpu_work_seconds_total {capacity.CpuSpent.TotalSeconds:R}\n");
        Header(text, "process_cpu_seconds_total", "counter", "CPU time of the whole replica process, user and system.");
        using (var process = Process.GetCurrentProcess())
        {
            text.Append(CultureInfo.InvariantCulture, $"process_cpu_seconds_total {process.TotalProcessorTime.TotalSeconds:R}\n");
        }

        return text.ToString();
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");

    private static void Counter(StringBuilder text, string name, string help, long value)
    {
        Header(text, name, "counter", help);
        text.Append(CultureInfo.InvariantCulture, $"{name} {value}\n");
    }

    private static void Gauge(StringBuilder text, string name, string help, long value)
    {
        Header(text, name, "gauge", help);
        text.Append(CultureInfo.InvariantCulture, $"{name} {value}\n");
    }

    /// <summary>Label values escape backslash, double quote and newline (the exposition format's rule).</summary>
    private static string Escape(string value) =>
        value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    private sealed class RouteStats
    {
        public readonly ConcurrentDictionary<int, long> Statuses = new();
        public readonly LatencyHistogram Latency = new();
        public long Queries;
    }
}
