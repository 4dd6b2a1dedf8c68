using System.CommandLine;
using ScaleLab.Lab.Balancer;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Processes;
using ScaleLab.Lab.Scenarios;
using ScaleLab.Lab.Service;
using ScaleLab.Lab.Store;
using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Cli.Commands;

/// <summary><c>scalelab lab up</c>: starts the lab and stays in the foreground until Ctrl-C or <c>lab down</c>.</summary>
internal static class LabUpCommand
{
    private static readonly Option<string> Scenario = new("--scenario") { Description = "The pitfall to switch on", DefaultValueFactory = _ => LabScenarios.Default };
    private static readonly Option<int> Replicas = new("--replicas") { Description = "Replica processes to start", DefaultValueFactory = _ => LabOptions.DefaultReplicas };
    private static readonly Option<string> Balancer = new("--balancer") { Description = "yarp (in process) or haproxy (Debian's package)", DefaultValueFactory = _ => "yarp" };
    private static readonly Option<string> Policy = new("--policy") { Description = "round-robin, least-requests, power-of-two or sticky", DefaultValueFactory = _ => "round-robin" };
    private static readonly Option<string> Store = new("--store") { Description = "embedded (Garnet in process), redis (a redis-server it starts) or redis://HOST:PORT", DefaultValueFactory = _ => "embedded" };
    private static readonly Option<string> Db = new("--db") { Description = "sqlite (a file per shard) or postgres (a cluster per shard, or --pg)", DefaultValueFactory = _ => "sqlite" };
    private static readonly Option<int> Shards = new("--shards") { Description = "Shards (consistent hashing of user and product ids)", DefaultValueFactory = _ => 2 };
    private static readonly Option<string[]> Pg = new("--pg") { Description = "A PostgreSQL connection string to use as a shard instead of a cluster the lab creates (repeatable, in ring order)", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<int> Port = new("--port") { Description = "The entry port on 127.0.0.1 (0: any free port)", DefaultValueFactory = _ => 8080 };
    private static readonly Option<int> Workers = new("--workers") { Description = "Requests a replica serves at once; the rest queue", DefaultValueFactory = _ => ReplicaOptions.DefaultWorkers };
    private static readonly Option<double> CpuMs = new("--cpu-ms") { Description = "CPU milliseconds every request burns", DefaultValueFactory = _ => ReplicaOptions.DefaultCpuMs };
    private static readonly Option<double> IoMs = new("--io-ms") { Description = "Milliseconds every request waits without CPU", DefaultValueFactory = _ => ReplicaOptions.DefaultIoMs };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the data and of the scenarios' randomness", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Users = new("--users") { Description = "Users in the seed data", DefaultValueFactory = _ => new SeedOptions().Users };
    private static readonly Option<int> Follows = new("--follows-per-user") { Description = "Users each user follows", DefaultValueFactory = _ => new SeedOptions().FollowsPerUser };
    private static readonly Option<int> Posts = new("--posts-per-user") { Description = "Posts per user", DefaultValueFactory = _ => new SeedOptions().PostsPerUser };
    private static readonly Option<int> Products = new("--products") { Description = "Products", DefaultValueFactory = _ => new SeedOptions().Products };

    // Hidden: for `scale --cpus/--memory`, which starts a lab per replica size.
    private static readonly Option<int?> ReplicaCpus = new("--replica-cpus") { Description = "Cores each replica is pinned to (affinity and DOTNET_PROCESSOR_COUNT)", Hidden = true };
    private static readonly Option<int?> ReplicaMemoryMb = new("--replica-memory-mb") { Description = "Each replica's GC heap hard limit, in MiB", Hidden = true };

    public static Command Create()
    {
        Scenario.AcceptOnlyFromAmong([.. LabScenarios.Names]);
        Balancer.AcceptOnlyFromAmong("yarp", "haproxy");
        Policy.AcceptOnlyFromAmong([.. BalancerPolicies.Names]);
        Db.AcceptOnlyFromAmong([.. ShardSet.KindNames]);
        var command = new Command("up", "Start the lab and stay in the foreground until Ctrl-C or `scalelab lab down`")
        {
            Scenario, Replicas, Balancer, Policy, Store, Db, Shards, Pg, Port, Workers, CpuMs, IoMs, Seed, Users, Follows, Posts, Products, ReplicaCpus, ReplicaMemoryMb,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(Options(parse), cancellationToken));
        return command;
    }

    private static LabOptions Options(ParseResult parse)
    {
        if (!StoreSpec.TryParse(parse.GetValue(Store)!, out var store, out var storeError))
        {
            throw new UsageException($"--store: {storeError}");
        }

        BalancerPolicies.TryParse(parse.GetValue(Policy)!, out var policy);
        var seed = parse.GetValue(Seed);
        var options = new LabOptions
        {
            Launcher = LabCommandLine.Replica(parse.GetValue(ReplicaCpus), parse.GetValue(ReplicaMemoryMb)),
            Replicas = parse.GetValue(Replicas),
            Balancer = parse.GetValue(Balancer) == "haproxy" ? BalancerKind.Haproxy : BalancerKind.Yarp,
            Policy = policy,
            Store = store,
            Database = ShardSet.ParseKind(parse.GetValue(Db)!),
            Shards = parse.GetValue(Shards),
            PostgresConnectionStrings = parse.GetValue(Pg) ?? [],
            Port = parse.GetValue(Port),
            Replica = new ReplicaOptions
            {
                Scenario = parse.GetValue(Scenario)!,
                Workers = parse.GetValue(Workers),
                CpuMs = parse.GetValue(CpuMs),
                IoMs = parse.GetValue(IoMs),
                Seed = seed,
            },
            Seed = new SeedOptions
            {
                Seed = seed,
                Users = parse.GetValue(Users),
                FollowsPerUser = parse.GetValue(Follows),
                PostsPerUser = parse.GetValue(Posts),
                Products = parse.GetValue(Products),
            },
            Log = Console.Out,
        };
        var problems = options.Problems();
        return problems.Count == 0 ? options : throw new UsageException(problems[0]);
    }

    private static async Task<int> RunAsync(LabOptions options, CancellationToken cancellationToken)
    {
        LabSupervisor lab;
        try
        {
            lab = await LabSupervisor.StartAsync(options, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Not a failed check: no lab, which is what a later command needs, hence a precondition unmet.
            Console.Error.WriteLine("scalelab: lab up interrupted; everything it started is stopped");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is ChildProcessException or InvalidOperationException or IOException or System.Data.Common.DbException)
        {
            var lines = ex.Message.Split('\n');
            Console.Error.WriteLine($"scalelab: lab up failed: {lines[0]}");
            foreach (var line in lines.Skip(1))
            {
                Console.Error.WriteLine(line);
            }

            // A port in use, a missing redis-server or setpriv, another lab starting: the machine, not a check.
            return ExitCodes.BadInput;
        }

        await using (lab)
        {
            LabStatusView.Write(Console.Out, lab.Status());
            Console.Out.WriteLine($"{ChildLab.ReadyPrefix} {lab.EntryUrl}  (Ctrl-C or `scalelab lab down` to stop)");
            await Console.Out.FlushAsync(cancellationToken);
            await lab.RunUntilStoppedAsync(cancellationToken);
        }

        return ExitCodes.Success;
    }
}
