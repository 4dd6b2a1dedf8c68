using System.CommandLine;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Scenarios;
using ScaleLab.Lab.Service;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>scalelab lab replica [options]</c>: one replica process, as the supervisor starts it. The options and the
/// process's behaviour (ready line, drain, parent watch, exit codes) are the contract documented on
/// <see cref="ReplicaOptions"/>.
/// </summary>
internal static class ReplicaCommand
{
    /// <summary>The <c>replica</c> command, to be added under <c>scalelab lab</c>.</summary>
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0: any free port; the ready line tells)", DefaultValueFactory = _ => 0 };
        var replicaId = new Option<int>("--replica-id") { Description = "The replica's number (0-255), in /metrics and /me", DefaultValueFactory = _ => 1 };
        var scenario = new Option<string>("--scenario") { Description = "The pitfall to switch on", DefaultValueFactory = _ => LabScenarios.Default };
        scenario.AcceptOnlyFromAmong([.. LabScenarios.Names]);
        var store = new Option<string>("--store") { Description = "The Redis-protocol store, redis://127.0.0.1:PORT", Required = true };
        var database = new Option<string>("--db") { Description = "The shards' engine", DefaultValueFactory = _ => "sqlite" };
        database.AcceptOnlyFromAmong([.. ShardSet.KindNames]);
        var shard = new Option<string[]>("--shard")
        {
            Description = "A shard, repeated in ring order: SQLite file path or PostgreSQL connection string",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var workers = new Option<int>("--workers") { Description = "Requests served at once; the rest queue", DefaultValueFactory = _ => ReplicaOptions.DefaultWorkers };
        var cpuMs = new Option<double>("--cpu-ms") { Description = "CPU time burnt per request, in ms", DefaultValueFactory = _ => ReplicaOptions.DefaultCpuMs };
        var ioMs = new Option<double>("--io-ms") { Description = "Time waited per request without CPU, in ms", DefaultValueFactory = _ => ReplicaOptions.DefaultIoMs };
        var seed = new Option<int>("--seed") { Description = "Seed of the scenario's randomness (not the data)", DefaultValueFactory = _ => 1 };
        var parentPid = new Option<int?>("--parent-pid") { Description = "Exit when this process is gone" };

        var command = new Command("replica", "Run one replica of the lab's service (lab up starts these; not for use by hand)")
        {
            port, replicaId, scenario, store, database, shard, workers, cpuMs, ioMs, seed, parentPid,
        };
        command.Hidden = true;
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new ReplicaOptions
            {
                Port = result.GetValue(port),
                ReplicaId = result.GetValue(replicaId),
                Scenario = result.GetValue(scenario) ?? LabScenarios.Default,
                Store = result.GetValue(store) ?? string.Empty,
                Database = ShardSet.ParseKind(result.GetValue(database) ?? "sqlite"),
                Shards = result.GetValue(shard) ?? [],
                Workers = result.GetValue(workers),
                CpuMs = result.GetValue(cpuMs),
                IoMs = result.GetValue(ioMs),
                Seed = result.GetValue(seed),
                ParentPid = result.GetValue(parentPid),
            };
            var problems = options.Problems();
            if (problems.Count > 0)
            {
                await Console.Error.WriteLineAsync($"scalelab: {problems[0]}");
                return ExitCodes.BadInput;
            }

            return await ReplicaProgram.RunAsync(options, Console.Out, Console.Error, cancellationToken);
        });
        return command;
    }
}
