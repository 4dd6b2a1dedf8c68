using System.CommandLine;
using ScaleLab.Lab.Balancer;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>scalelab lab balancer --backend URL…</c> (hidden): the lab's YARP balancer alone in its own process, in front of
/// backends you name, for bench/balancer.sh to measure it against HAProxy.
/// </summary>
internal static class LabBalancerCommand
{
    private static readonly Option<int> Port = new("--port") { Description = "Port on 127.0.0.1 (0: any free port)", DefaultValueFactory = _ => 0 };
    private static readonly Option<string[]> Backend = new("--backend") { Description = "A backend URL (repeatable)", Required = true, AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string> Policy = new("--policy") { Description = "round-robin, least-requests, power-of-two or sticky", DefaultValueFactory = _ => "round-robin" };

    public static Command Create()
    {
        Policy.AcceptOnlyFromAmong([.. BalancerPolicies.Names]);
        var command = new Command("balancer", "Run the lab's YARP balancer alone in front of the given backends (for benchmarks)") { Port, Backend, Policy };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            BalancerPolicies.TryParse(parse.GetValue(Policy)!, out var policy);
            var backends = (parse.GetValue(Backend) ?? []).Select(OptionParsing.ParseUrl).ToArray();
            await using var balancer = await StandaloneBalancer.StartAsync(parse.GetValue(Port), policy, backends, cancellationToken);
            Console.Out.WriteLine($"ready {balancer.EntryUrl}");
            await Console.Out.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: stop.
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
