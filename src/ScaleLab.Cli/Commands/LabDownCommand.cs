using System.CommandLine;
using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Cli.Commands;

/// <summary><c>scalelab lab down</c>: stops the running lab (the supervisor stops every process it started) and waits for it.</summary>
internal static class LabDownCommand
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public static Command Create()
    {
        var command = new Command("down", "Stop the running lab: balancer, replicas (drained), store, databases; wait until every process is gone");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var state = LabStateFile.ReadLive();
            if (state is null)
            {
                Console.Out.WriteLine("no lab is running");
                return ExitCodes.Success;
            }

            using var client = new LabControlClient(state);
            switch (await client.DownAsync(Patience, cancellationToken))
            {
                case LabDownOutcome.Stopped:
                    Console.Out.WriteLine($"lab {state.RunId} stopped");
                    return ExitCodes.Success;
                case LabDownOutcome.NotAnswering:
                    // Hung or half-dead: nothing else could have stopped it, and it is gone now, as asked.
                    Console.Out.WriteLine($"lab {state.RunId} stopped: its supervisor (pid {state.SupervisorPid}) did not answer, so it and every process of its run were killed and its files removed");
                    return ExitCodes.Success;
            }

            // It did not stop in time: end it and its run the hard way.
            client.Kill();
            Console.Error.WriteLine($"scalelab: the lab did not stop within {Patience.TotalSeconds:0} s: killed it and every process of run {state.RunId}");
            return ExitCodes.InternalError;
        });
        return command;
    }
}
