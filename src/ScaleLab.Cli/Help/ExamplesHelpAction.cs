using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace ScaleLab.Cli.Help;

/// <summary>System.CommandLine's help, followed by the command's examples (<see cref="CommandExamples"/>).</summary>
internal sealed class ExamplesHelpAction(HelpAction help) : SynchronousCommandLineAction
{
    /// <summary>Puts this action on every help option of <paramref name="root"/>'s tree.</summary>
    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options.OfType<HelpOption>())
        {
            if (option.Action is HelpAction help)
            {
                option.Action = new ExamplesHelpAction(help);
            }
        }
    }

    /// <summary>The command's words as typed, from <c>scalelab</c>: <c>scalelab lab up</c>.</summary>
    public static string PathOf(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? result = command; result is CommandResult c; result = c.Parent)
        {
            names.Insert(0, c.Parent is null ? "scalelab" : c.Command.Name);
        }

        return string.Join(' ', names);
    }

    public override int Invoke(ParseResult parseResult)
    {
        var exit = help.Invoke(parseResult);
        var examples = CommandExamples.For(PathOf(parseResult.CommandResult));
        if (examples.Count > 0 && !parseResult.CommandResult.Command.Hidden)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in examples)
            {
                output.WriteLine($"  {example}");
            }

            output.WriteLine();
        }

        return exit;
    }
}
