using ScaleLab.Lab.Data;

namespace ScaleLab.Lab.Audit;

/// <summary>Checks acknowledged orders against what the shards hold (<see cref="OrderLedger"/>).</summary>
public static class OrderAudit
{
    private const int Listed = 20;

    /// <summary>Reads every order on every shard and compares them with the acknowledged idempotency keys.</summary>
    public static async Task<AuditReport> CheckAsync(ShardSet shards, IEnumerable<string> acknowledgedKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acknowledgedKeys);
        var byKey = await new OrderLedger(shards).ByIdempotencyKeyAsync(cancellationToken);
        return Compare(byKey.ToDictionary(kv => kv.Key, kv => kv.Value.Count, StringComparer.Ordinal), acknowledgedKeys);
    }

    /// <summary>The comparison itself: orders per key in the database against the acknowledged keys.</summary>
    internal static AuditReport Compare(IReadOnlyDictionary<string, int> ordersPerKey, IEnumerable<string> acknowledgedKeys)
    {
        var acknowledged = acknowledgedKeys.ToHashSet(StringComparer.Ordinal);
        var missing = acknowledged.Where(key => !ordersPerKey.ContainsKey(key)).Order(StringComparer.Ordinal).ToArray();
        var duplicated = ordersPerKey.Where(kv => kv.Value > 1).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();
        return new AuditReport
        {
            Acknowledged = acknowledged.Count,
            FoundOnce = acknowledged.Count(key => ordersPerKey.TryGetValue(key, out var n) && n == 1),
            Missing = missing.Take(Listed).ToArray(),
            MissingCount = missing.Length,
            Duplicated = duplicated.Take(Listed).ToArray(),
            DuplicatedCount = duplicated.Length,
            OrdersInDatabase = ordersPerKey.Values.Sum(),
        };
    }

    /// <summary>Reads a file of acknowledged idempotency keys: one per line; blank lines and lines starting with '#' are skipped.</summary>
    public static IReadOnlyList<string> ReadKeys(string path) =>
        File.ReadLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToArray();
}
