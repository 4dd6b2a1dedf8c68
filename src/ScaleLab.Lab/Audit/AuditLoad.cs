using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;

namespace ScaleLab.Lab.Audit;

/// <summary>
/// Places orders through the balancer, each with a fresh idempotency key, and records which ones were acknowledged.
/// A request that fails (a replica killed under it answers 502 through the balancer) is sent again with the same key,
/// up to <see cref="AuditLoadOptions.Retries"/> times: the service must then return the order it may already have
/// made rather than make a second one.
/// </summary>
public static class AuditLoad
{
    /// <summary>Runs the load against <paramref name="entry"/> (the lab's entry URL).</summary>
    public static async Task<AuditLoadResult> RunAsync(Uri entry, AuditLoadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = options.Concurrency })
        {
            BaseAddress = entry,
            Timeout = TimeSpan.FromSeconds(10),
        };
        var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var random = new Random(options.Seed);
        var products = Enumerable.Range(0, options.Orders).Select(_ => random.Next(1, options.Products + 1)).ToArray();
        var acknowledged = new ConcurrentBag<string>();
        int next = -1, rejected = 0, failed = 0, retries = 0;
        var midway = options.Orders / 3;
        var midwayDone = options.MidwayAction is null ? Task.CompletedTask : null;
        var midwayLock = new Lock();

        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.Orders)
            {
                if (i == midway && options.MidwayAction is { } action)
                {
                    lock (midwayLock)
                    {
                        midwayDone = action(cancellationToken);
                    }
                }

                var key = string.Create(CultureInfo.InvariantCulture, $"audit-{run}-{i}");
                var order = new { productId = products[i], quantity = 1, idempotencyKey = key };
                for (var attempt = 0; ; attempt++)
                {
                    int? status = null;
                    try
                    {
                        using var response = await http.PostAsJsonAsync("orders", order, cancellationToken);
                        status = (int)response.StatusCode;
                    }
                    catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                    {
                        // No answer: retry with the same key.
                    }

                    if (status is >= 200 and < 300)
                    {
                        acknowledged.Add(key);
                        break;
                    }

                    if (status is >= 400 and < 500)
                    {
                        Interlocked.Increment(ref rejected);
                        break;
                    }

                    if (attempt >= options.Retries)
                    {
                        Interlocked.Increment(ref failed);
                        break;
                    }

                    Interlocked.Increment(ref retries);
                    await Task.Delay(TimeSpan.FromMilliseconds(100 * (attempt + 1)), cancellationToken);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Concurrency)).Select(_ => Task.Run(WorkerAsync, cancellationToken)));
        Task? pending;
        lock (midwayLock)
        {
            pending = midwayDone;
        }

        if (pending is not null)
        {
            await pending;
        }

        return new AuditLoadResult(options.Orders, [.. acknowledged], rejected, failed, retries);
    }
}
