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

/// <summary>Runs the CLI with stderr captured.</summary>
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
}
