using System.CommandLine;
using ScaleLab.Cli.Help;
using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests.Help;

[Collection(ConsoleCollection.Name)]
public sealed class ExamplesHelpActionTests
{
    [Theory]
    [InlineData("scalelab")]
    [InlineData("scalelab run")]
    [InlineData("scalelab fit")]
    [InlineData("scalelab diagnose")]
    [InlineData("scalelab lab")]
    [InlineData("scalelab lab up")]
    [InlineData("scalelab lab status")]
    [InlineData("scalelab lab scale")]
    [InlineData("scalelab lab down")]
    [InlineData("scalelab lab audit")]
    public async Task Help_EveryCommand_EndsWithTwoOrThreeExamplesOfItself(string command)
    {
        var words = command.Split(' ').Skip(1).ToArray();

        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync([.. words, "--help"]);

        Assert.Equal(0, exit);
        Assert.Empty(error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var examples = Array.LastIndexOf(lines, "Examples:");
        Assert.True(examples > 0, $"no Examples: section in\n{output}");
        var commands = lines[(examples + 1)..];
        Assert.InRange(commands.Length, 2, 3);
        Assert.All(commands, line => Assert.StartsWith(command + " ", line + " "));
    }

    [Fact]
    public void Examples_EveryVisibleCommand_HasTwoOrThreeOfItself()
    {
        var missing = new List<string>();
        Walk(CliApp.CreateRoot(), "scalelab");

        Assert.Empty(missing);

        void Walk(Command command, string path)
        {
            var examples = CommandExamples.For(path);
            if (examples.Count is < 2 or > 3 || examples.Any(e => !(e + " ").StartsWith(path + " ", StringComparison.Ordinal)))
            {
                missing.Add(path);
            }

            foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
            {
                Walk(sub, $"{path} {sub.Name}");
            }
        }
    }

    [Fact]
    public async Task RunAsync_NoArguments_PrintsTheHelpAndExitsZero()
    {
        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync();

        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Contains("Usage:", output);
        Assert.Contains("diagnose", output);
        Assert.Contains("Examples:", output);
        Assert.DoesNotContain("Required command", output);
    }

    [Fact]
    public async Task RunAsync_GroupWithoutSubcommand_PrintsItsHelp()
    {
        var (exit, output, error) = await ConsoleCapture.RunWithOutputAsync("lab");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Contains("up", output);
        Assert.Contains("scalelab lab status", output);
    }

    [Fact]
    public async Task Help_Diagnose_SaysThatNoUrlMeansTheBundledLab()
    {
        var (_, output, _) = await ConsoleCapture.RunWithOutputAsync("diagnose", "--help");

        var words = string.Join(' ', output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Without it: the bundled lab's default system", words);
    }
}
