using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using ScaleLab.Cli.Commands;
using ScaleLab.Cli.Help;
using Spectre.Console;

namespace ScaleLab.Cli;

/// <summary>The command tree and the conventions every command shares: one-line errors, exit code 2 on bad input.</summary>
internal static partial class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        EngineEnvironment.Apply(args);
        if (Console.IsOutputRedirected)
        {
            // Pipes and CI logs: no escape codes, and lines as long as the tables need rather than 80 columns.
            AnsiConsole.Console.Profile.Capabilities.Ansi = false;
            AnsiConsole.Console.Profile.Width = 160;
        }
        var root = CreateRoot();
        var parse = root.Parse(args);
        if (ParseErrorMessage.WantsHelp(parse))
        {
            // `scalelab` or `scalelab lab` alone: what can follow is the answer, not "Required command was not provided".
            parse = root.Parse([.. args, "--help"]);
        }

        if (ParseErrorMessage.Describe(parse) is { } problem)
        {
            Console.Error.WriteLine($"scalelab: {problem}");
            return ExitCodes.BadInput;
        }

        // --help answers even when the command line is incomplete (`scalelab fit --help` has no FILE).
        if (parse.Errors.Count > 0 && parse.Action is not ExamplesHelpAction)
        {
            Console.Error.WriteLine($"scalelab: {Humanize(parse.Errors[0].Message)}");
            return ExitCodes.BadInput;
        }

        // Ctrl-C and SIGTERM stop the measurement, not the process: the command then writes what was measured.
        // A second Ctrl-C ends the process at once.
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop));
        try
        {
            var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parse.InvokeAsync(invocation, stop.Token);
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"scalelab: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("SCALELAB_DEBUG") is null)
        {
            // Never a stack trace for the user; SCALELAB_DEBUG=1 lets it through for a bug report.
            Console.Error.WriteLine($"scalelab: internal error ({ex.GetType().Name}): {ex.Message.Split('\n')[0]} (set SCALELAB_DEBUG=1 for details)");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>The command tree, with examples at the end of every command's help.</summary>
    internal static RootCommand CreateRoot()
    {
        var root = new RootCommand("ScaleLab: is it a performance problem or a scalability problem, why, and what to do.")
        {
            RunCommand.Create(),
            FitCommand.Create(),
            DiagnoseCommand.Create(),
            ScaleCommand.Create(),
            CompareCommand.Create(),
            MergeCommand.Create(),
            PlanCommand.Create(),
            ReportCommand.Create(),
            LabCommand.Create(),
            DemoCommand.Create(),
            AgentCommand.Create(),
            TargetCommand.Create(),
        };
        ExamplesHelpAction.Install(root);
        return root;
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        if (!stop.IsCancellationRequested)
        {
            context.Cancel = true;
            Console.Error.WriteLine("scalelab: stopping (again to quit at once)");
            stop.Cancel();
        }
    }

    /// <summary>System.CommandLine names CLR types in its messages; users want to read "a whole number".</summary>
    private static string Humanize(string message) => ExpectedType().Replace(message, match => match.Groups[1].Value switch
    {
        var t when t.Contains("Int32", StringComparison.Ordinal) || t.Contains("Int64", StringComparison.Ordinal) => "as a whole number",
        var t when t.Contains("Double", StringComparison.Ordinal) => "as a number",
        _ => "as the expected kind of value",
    });

    [GeneratedRegex(@"as expected type '([^']+)'")]
    private static partial Regex ExpectedType();
}
