using System.CommandLine;
using ScaleLab.Cli.Commands;

namespace ScaleLab.Cli;

/// <summary>The command tree and the conventions every command shares: one-line errors, exit code 2 on bad input.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        EngineEnvironment.Apply();
        var root = new RootCommand("ScaleLab: is it a performance problem or a scalability problem, why, and what to do.")
        {
            RunCommand.Create(),
            FitCommand.Create(),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            Console.Error.WriteLine($"scalelab: {parse.Errors[0].Message}");
            return ExitCodes.BadInput;
        }

        try
        {
            return await parse.InvokeAsync();
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"scalelab: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }
}
