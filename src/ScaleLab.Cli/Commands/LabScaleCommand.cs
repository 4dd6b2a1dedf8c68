using System.CommandLine;
using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Cli.Commands;

/// <summary><c>scalelab lab scale N</c>: changes the replica count live, draining the replicas it removes.</summary>
internal static class LabScaleCommand
{
    private static readonly Argument<int> Replicas = new("replicas") { Description = $"The new replica count (1 to {LabOptions.MaxReplicas})" };

    public static Command Create()
    {
        var command = new Command("scale", "Change the replica count live: new replicas join when healthy, removed ones leave the balancer and drain") { Replicas };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var replicas = parse.GetValue(Replicas);
            if (replicas is < 1 or > LabOptions.MaxReplicas)
            {
                throw new UsageException($"replicas must be 1 to {LabOptions.MaxReplicas} (got {replicas})");
            }

            var state = LabStateFile.ReadLive();
            if (state is null)
            {
                Console.Error.WriteLine("scalelab: no lab is running (start one with `scalelab lab up`)");
                return ExitCodes.BadInput;
            }

            using var client = new LabControlClient(state);
            try
            {
                var status = await LabConnection.CallAsync(() => client.ScaleAsync(replicas, cancellationToken));
                LabStatusView.Write(Console.Out, status);
                Console.Out.WriteLine(status.Events.Count > 0 ? status.Events[^1].Message : $"scaled to {replicas} replicas");
                return ExitCodes.Success;
            }
            catch (LabUnreachableException ex)
            {
                Console.Error.WriteLine($"scalelab: lab scale {replicas} failed: {ex.Message.Split('\n')[0]}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
