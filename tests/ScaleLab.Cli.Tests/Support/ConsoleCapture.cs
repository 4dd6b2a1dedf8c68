using Spectre.Console;

namespace ScaleLab.Cli.Tests.Support;

/// <summary>
/// The tests that swap <see cref="Console.Error"/>: the console is one per process, so they run alone, after the
/// tests that may run in parallel, and never see another test's output.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}

/// <summary>Runs the CLI with stderr (and, when asked, stdout) captured.</summary>
internal static class ConsoleCapture
{
    public static async Task<(int ExitCode, string Error)> RunAsync(params string[] args)
    {
        var original = Console.Error;
        using var error = new StringWriter();
        Console.SetError(error);
        try
        {
            var exit = await CliApp.RunAsync(args);
            return (exit, error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }

    /// <summary>Runs the CLI with stdout (Console.Out and Spectre's console alike) and stderr captured.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunWithOutputAsync(params string[] args)
    {
        var original = Console.Out;
        var originalAnsi = AnsiConsole.Console;
        using var output = new StringWriter();
        Console.SetOut(output);
        var captured = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        captured.Profile.Width = 160;
        AnsiConsole.Console = captured;
        try
        {
            var (exit, error) = await RunAsync(args);
            return (exit, output.ToString(), error);
        }
        finally
        {
            Console.SetOut(original);
            AnsiConsole.Console = originalAnsi;
        }
    }
}
