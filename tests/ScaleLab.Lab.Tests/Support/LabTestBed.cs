using System.Net.Http.Json;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Service;

namespace ScaleLab.Lab.Tests.Support;

/// <summary>
/// Everything a replica needs, for one test: an embedded Garnet, SQLite shards in a temp directory seeded with
/// <see cref="SeedOptions"/>, and replicas started in this process on 127.0.0.1:0. Disposing stops and deletes it all.
/// </summary>
internal sealed class LabTestBed : IAsyncDisposable
{
    /// <summary>A small data set: enough users that each shard has many, quick to seed.</summary>
    public static readonly SeedOptions SmallData = new() { Users = 300, FollowsPerUser = 10, PostsPerUser = 5, Products = 50, StockPerProduct = 1_000 };

    private readonly List<(RunningReplica Replica, HttpClient Client)> _replicas = [];
    private readonly string _directory;

    static LabTestBed()
    {
        // One test process holds the store, the replicas, their clients and xunit. With the pool's default minimum
        // (one thread per core) continuations queued from outside the pool (the replicas' delay thread) waited up
        // to a second for the pool to inject a thread (measured: 17 to 32 requests over 500 ms in 6 s at io-ms 20,
        // none with 64 threads). A replica process alone shows no such stall (max 112 ms at 16 clients), so this is
        // the test host's problem, solved here.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }

    private LabTestBed(string directory, EmbeddedGarnet store, ShardSet shards, SeedResult seed)
    {
        _directory = directory;
        Store = store;
        Shards = shards;
        Seed = seed;
    }

    public EmbeddedGarnet Store { get; }

    public ShardSet Shards { get; }

    public SeedResult Seed { get; }

    public IReadOnlyList<string> ShardPaths => Shards.Locations;

    public static async Task<LabTestBed> CreateAsync(SeedOptions? data = null, int shards = 2)
    {
        var directory = Directory.CreateTempSubdirectory("scalelab-lab-test-").FullName;
        var store = new EmbeddedGarnet();
        var shardSet = ShardSet.Open(LabDatabaseKind.Sqlite, Enumerable.Range(0, shards).Select(i => Path.Combine(directory, $"shard{i}.db")));
        var seed = await LabDataSeeder.SeedAsync(shardSet, data ?? SmallData, CancellationToken.None);
        return new LabTestBed(directory, store, shardSet, seed);
    }

    /// <summary>The options of a replica of this bed: no simulated CPU or waiting unless asked, so tests run fast.</summary>
    public ReplicaOptions Options(string scenario, int replicaId = 1, int workers = 16, double cpuMs = 0, double ioMs = 0) => new()
    {
        Port = 0,
        ReplicaId = replicaId,
        Scenario = scenario,
        Store = Store.Url,
        Database = LabDatabaseKind.Sqlite,
        Shards = ShardPaths,
        Workers = workers,
        CpuMs = cpuMs,
        IoMs = ioMs,
        Seed = 7,
    };

    /// <summary>Starts a replica in this process and returns a client whose base address is the replica's.</summary>
    public async Task<HttpClient> StartReplicaAsync(string scenario, int replicaId = 1, int workers = 16, double cpuMs = 0, double ioMs = 0)
    {
        var replica = await ReplicaHost.StartAsync(Options(scenario, replicaId, workers, cpuMs, ioMs), CancellationToken.None);
        var client = NewClient(replica.BaseAddress);
        _replicas.Add((replica, client));
        return client;
    }

    public static HttpClient NewClient(string baseAddress) =>
        new(new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = new Uri(baseAddress),
            Timeout = TimeSpan.FromSeconds(20),
        };

    /// <summary>Logs in and returns the session cookie ("name=value") to send as a Cookie header.</summary>
    public static async Task<string> LoginAsync(HttpClient client, long userId)
    {
        using var response = await client.PostAsJsonAsync("/login", new { userId });
        response.EnsureSuccessStatusCode();
        var setCookie = response.Headers.GetValues("Set-Cookie").Single();
        return setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (replica, client) in _replicas)
        {
            client.Dispose();
            await replica.DisposeAsync();
        }

        await Shards.DisposeAsync();
        Store.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a lingering pooled connection: the OS's temp cleaning will take it.
        }
    }
}
