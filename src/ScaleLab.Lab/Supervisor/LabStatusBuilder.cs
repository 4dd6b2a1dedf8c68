using ScaleLab.Lab.Balancer;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Database;
using ScaleLab.Lab.Store;

namespace ScaleLab.Lab.Supervisor;

/// <summary>
/// What <c>lab status</c> shows: the supervisor, the balancer, the replicas, the store and the shards as they are
/// now, with the options they run with and the recent events. A component that has not started yet is left out.
/// </summary>
internal static class LabStatusBuilder
{
    public static LabStatus Build(
        LabOptions options,
        string runId,
        DateTimeOffset startedAt,
        ControlServer? control,
        ILabBalancer? balancer,
        ReplicaPool? pool,
        ILabStore? store,
        ShardServers? shards,
        IReadOnlyList<LabEvent> events)
    {
        var components = new List<LabComponent>
        {
            new("supervisor", "scalelab lab up", control?.Url.Port ?? 0, Environment.ProcessId, control?.Url.ToString() ?? "", "running"),
        };
        if (balancer is not null)
        {
            components.Add(new("balancer", $"{balancer.Kind} {BalancerPolicies.Name(options.Policy)}", balancer.Port, balancer.Pid, balancer.EntryUrl.ToString(), "running"));
        }

        components.AddRange(pool?.Components() ?? []);
        if (store is not null)
        {
            components.Add(new("store", store.Kind, store.Port, store.Pid, store.Url, "running"));
        }

        if (shards is not null)
        {
            for (var i = 0; i < shards.Locations.Count; i++)
            {
                var cluster = shards.Clusters.FirstOrDefault(c => c.Index == i);
                components.Add(new(
                    "database",
                    $"{DatabaseName(shards.Kind)} shard {i + 1}",
                    cluster?.Port ?? 0,
                    cluster?.Pid,
                    shards.Locations[i],
                    "running"));
            }
        }

        return new LabStatus
        {
            RunId = runId,
            StartedAt = startedAt,
            EntryUrl = balancer?.EntryUrl.ToString() ?? "",
            Scenario = options.Replica.Scenario,
            Balancer = options.Balancer == BalancerKind.Haproxy ? "haproxy" : "yarp",
            Policy = BalancerPolicies.Name(options.Policy),
            Store = store is null ? options.Store.ToString() : $"{store.Kind} {store.Url}",
            Database = DatabaseName(options.Database),
            Shards = shards?.Locations ?? [],
            Replicas = pool?.Count ?? 0,
            Workers = options.Replica.Workers,
            CpuMs = options.Replica.CpuMs,
            IoMs = options.Replica.IoMs,
            Components = components,
            Events = events,
        };
    }

    private static string DatabaseName(LabDatabaseKind kind) => kind == LabDatabaseKind.Postgres ? "postgres" : "sqlite";
}
