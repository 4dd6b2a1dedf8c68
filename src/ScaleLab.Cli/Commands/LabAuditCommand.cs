using System.CommandLine;
using System.Globalization;
using ScaleLab.Cli.Output;
using ScaleLab.Core.Results;
using ScaleLab.Lab.Audit;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>scalelab lab audit</c>: every order acknowledged with a 2xx exists exactly once. The acknowledged keys come from
/// a file (<c>--acked FILE</c>, one idempotency key per line, written by whatever load placed the orders), or from the
/// audit's own small load through the balancer, during which <c>--kill-one</c> SIGKILLs a replica.
/// </summary>
internal static class LabAuditCommand
{
    private static readonly Option<string?> Acked = new("--acked") { Description = "A file of acknowledged idempotency keys, one per line (no load is run)" };
    private static readonly Option<int> Orders = new("--orders") { Description = "Orders the audit's own load places", DefaultValueFactory = _ => 200 };
    private static readonly Option<int> Concurrency = new("--concurrency") { Description = "Orders in flight at once", DefaultValueFactory = _ => 8 };
    private static readonly Option<bool> KillOne = new("--kill-one") { Description = "SIGKILL replica 1 after a third of the orders (the supervisor restarts it)" };
    private static readonly Option<string?> Json = new("--json") { Description = "Write the audit as JSON to this file" };

    public static Command Create()
    {
        var command = new Command("audit", "Check that every order acknowledged with a 2xx exists exactly once (runs a small order load unless --acked FILE)")
        {
            Acked, Orders, Concurrency, KillOne, Json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        var orders = parse.GetValue(Orders);
        var concurrency = parse.GetValue(Concurrency);
        if (orders < 1 || concurrency < 1)
        {
            throw new UsageException("--orders and --concurrency must be at least 1");
        }

        var ackedPath = parse.GetValue(Acked);
        if (ackedPath is not null && parse.GetValue(KillOne))
        {
            throw new UsageException("--kill-one needs the audit's own load: leave out --acked");
        }

        var state = LabStateFile.ReadLive();
        if (state is null)
        {
            Console.Error.WriteLine("scalelab: no lab is running (start one with `scalelab lab up`)");
            return ExitCodes.BadInput;
        }

        IReadOnlyList<string> keys;
        AuditLoadResult? load = null;
        string? killed = null;
        if (ackedPath is not null)
        {
            keys = ReadKeys(ackedPath);
            Console.Out.WriteLine($"audit: {keys.Count} acknowledged keys from {ackedPath}");
        }
        else
        {
            using var client = new LabControlClient(state);
            Func<CancellationToken, Task>? midway = null;
            if (parse.GetValue(KillOne))
            {
                midway = async token =>
                {
                    var status = await client.StatusAsync(token);
                    var victim = status.Components.FirstOrDefault(c => c.Role == "replica" && c.Pid is not null);
                    if (victim is not null && int.TryParse(victim.Name.Split(' ')[^1], CultureInfo.InvariantCulture, out var id)
                        && await client.KillReplicaAsync(id, token))
                    {
                        killed = $"{victim.Name} (pid {victim.Pid})";
                        Console.Out.WriteLine($"audit: killed {killed} with SIGKILL mid-load");
                    }
                };
            }

            Console.Out.WriteLine($"audit: placing {orders} orders through {state.EntryUrl} ({concurrency} at a time)");
            load = await AuditLoad.RunAsync(new Uri(state.EntryUrl), new AuditLoadOptions { Orders = orders, Concurrency = concurrency, MidwayAction = midway }, cancellationToken);
            keys = load.AcknowledgedKeys;
            Console.Out.WriteLine($"audit: {keys.Count} acknowledged, {load.Rejected} rejected (4xx), {load.Failed} failed after retries, {load.Retries} retries");
        }

        AuditReport report;
        await using (var shards = ShardSet.Open(state.Database, state.Shards))
        {
            report = await OrderAudit.CheckAsync(shards, keys, cancellationToken);
        }

        report = report with
        {
            StartedAt = startedAt,
            CommandLine = CommandLine.Current(),
            Machine = MachineInfo.Current(),
            Load = load,
            Killed = killed,
        };
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"audit: {report.Acknowledged} acknowledged orders, {report.FoundOnce} found exactly once, {report.MissingCount} missing, {report.DuplicatedCount} keys ordered more than once ({report.OrdersInDatabase} orders in the database)"));
        foreach (var key in report.Missing)
        {
            Console.Out.WriteLine($"  missing: {key}");
        }

        foreach (var key in report.Duplicated)
        {
            Console.Out.WriteLine($"  duplicated: {key}");
        }

        if (parse.GetValue(Json) is { } path)
        {
            ResultFile.WriteJson(path, report);
            Console.Out.WriteLine($"audit written to {path}");
        }

        Console.Out.WriteLine(report.Passed ? "audit passed: no acknowledged order lost, none doubled" : "audit FAILED");
        return report.Passed ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    private static IReadOnlyList<string> ReadKeys(string path)
    {
        try
        {
            return OrderAudit.ReadKeys(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--acked: cannot read {path}: {ex.Message}");
        }
    }
}
