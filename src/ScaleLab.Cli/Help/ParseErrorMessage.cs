using System.CommandLine;
using System.CommandLine.Parsing;
using System.CommandLine.Invocation;
using System.Globalization;
using System.Text.RegularExpressions;
using ScaleLab.Core.Text;

namespace ScaleLab.Cli.Help;

/// <summary>
/// The one line that explains why a command line did not parse, in the user's words: an unknown option or command
/// named as such, with the nearest known name ("did you mean run?"), rather than System.CommandLine's
/// "Unrecognized command or argument", or an option swallowed as a URL.
/// </summary>
internal static partial class ParseErrorMessage
{
    /// <summary>The first problem of <paramref name="parse"/>, or null when there is none this class knows of.</summary>
    public static string? Describe(ParseResult parse)
    {
        var command = parse.CommandResult;

        // A positional argument (a URL, a file) takes any token, so `run --bogus` would reach the command as its URL.
        foreach (var argument in command.Children.OfType<ArgumentResult>())
        {
            if (argument.Tokens.FirstOrDefault(t => LooksLikeOption(t.Value)) is { } token)
            {
                return UnknownOption(token.Value, command);
            }
        }

        if (parse.UnmatchedTokens.Count > 0)
        {
            var token = parse.UnmatchedTokens[0];
            if (LooksLikeOption(token))
            {
                return UnknownOption(token, command);
            }

            var subcommands = command.Command.Subcommands.Where(c => !c.Hidden).ToArray();
            if (subcommands.Length > 0)
            {
                var names = subcommands.SelectMany(c => c.Aliases.Prepend(c.Name));
                return $"unknown command '{token}'{Suggestion(token, names)}; see {Path(command)} --help";
            }

            return $"unexpected argument '{token}'; see {Path(command)} --help";
        }

        if (parse.Errors.Count > 0 && NotAmong().Match(parse.Errors[0].Message) is { Success: true } notAmong)
        {
            // System.CommandLine lists the allowed values one per line; an error here is one line.
            var value = notAmong.Groups["value"].Value;
            var allowed = notAmong.Groups["allowed"].Captures.Select(c => c.Value).ToArray();
            var option = parse.Errors[0].SymbolResult switch
            {
                OptionResult o => $"{o.Option.Name}: ",
                ArgumentResult { Parent: OptionResult o } => $"{o.Option.Name}: ",
                _ => string.Empty,
            };
            return $"{option}'{value}' is not one of {string.Join(", ", allowed)}{Suggestion(value, allowed)}";
        }

        return null;
    }

    /// <summary>True when the command line names a command that only groups others (`scalelab`, `scalelab lab`): its help is the answer.</summary>
    public static bool WantsHelp(ParseResult parse) =>
        parse.CommandResult.Command is { Action: null, Subcommands.Count: > 0 } && parse.UnmatchedTokens.Count == 0
        && parse.Action is null or ParseErrorAction;

    private static string UnknownOption(string token, CommandResult command)
    {
        var names = Options(command).Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Distinct();
        var name = token.Split('=', 2)[0];
        return $"unknown option '{name}'{Suggestion(name, names)}; see {Path(command)} --help";
    }

    /// <summary>The options a command accepts: its own and the recursive ones of its ancestors (--help).</summary>
    private static IEnumerable<Option> Options(CommandResult command)
    {
        foreach (var option in command.Command.Options)
        {
            yield return option;
        }

        for (var parent = command.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            foreach (var option in parent.Command.Options.Where(o => o.Recursive))
            {
                yield return option;
            }
        }
    }

    private static string Suggestion(string typed, IEnumerable<string> names) =>
        NearestName.Find(typed, names) is { } nearest ? $" (did you mean {nearest}?)" : string.Empty;

    /// <summary>An option-like token: a dash and a letter or a second dash; "-" alone (stdin) and "-3" (a number) are values.</summary>
    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string Path(CommandResult command) => ExamplesHelpAction.PathOf(command);

    [GeneratedRegex(@"^Argument '(?<value>[^']*)' not recognized\. Must be one of:(?:\s*'(?<allowed>[^']*)')+")]
    private static partial Regex NotAmong();
}
