using System.CommandLine;
using ScaleLab.Cli.Output;
using ScaleLab.Core.Results;
using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Cli.Commands;

/// <summary><c>scalelab lab status [--json FILE]</c>: the running lab's components and recent events.</summary>
internal static class LabStatusCommand
{
    private static readonly Option<string?> Json = new("--json") { Description = "Write the status as JSON to this file" };

    public static Command Create()
    {
        var command = new Command("status", "Show the running lab: entry URL, every component (role, port, pid), recent events") { Json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var state = LabStateFile.ReadLive();
            if (state is null)
            {
                Console.Error.WriteLine("scalelab: no lab is running (start one with `scalelab lab up`)");
                return ExitCodes.BadInput;
            }

            using var client = new LabControlClient(state);
            LabStatus status;
            try
            {
                status = await LabConnection.CallAsync(() => client.StatusAsync(cancellationToken));
            }
            catch (LabUnreachableException ex)
            {
                Console.Error.WriteLine($"scalelab: {ex.Message}");
                return ExitCodes.BadInput;
            }

            LabStatusView.Write(Console.Out, status);
            LabStatusView.WriteEvents(Console.Out, status);
            Console.Out.WriteLine($"entry: {status.EntryUrl}");
            if (parse.GetValue(Json) is { } path)
            {
                ResultFile.WriteJson(path, status with { CommandLine = CommandLine.Current(), Machine = MachineInfo.Current() });
                Console.Out.WriteLine($"status written to {path}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
