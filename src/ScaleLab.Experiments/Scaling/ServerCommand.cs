using System.Globalization;
using System.Text;

namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// The server a <c>--cmd</c> names, with <c>{port}</c> where each copy's port goes. Split into words as a POSIX shell
/// would (single quotes, double quotes, backslashes), and run directly; only a command that needs a shell (a pipe,
/// a redirection, <c>&amp;&amp;</c>, a variable, a glob) runs through <c>/bin/sh -c</c>.
/// </summary>
internal sealed class ServerCommand
{
    public const string PortPlaceholder = "{port}";

    private const string ShellCharacters = "|&;<>()$`*?[]~#\n";

    private readonly IReadOnlyList<string> _words;

    private ServerCommand(string text, IReadOnlyList<string> words, bool needsShell)
    {
        Text = text;
        _words = words;
        NeedsShell = needsShell;
    }

    /// <summary>The command as the user wrote it.</summary>
    public string Text { get; }

    public bool NeedsShell { get; }

    /// <summary>The program's name, for messages.</summary>
    public string Program => NeedsShell ? "sh" : Path.GetFileName(_words[0]);

    /// <exception cref="ScaleSetupException">Empty, unbalanced quotes, or no <c>{port}</c>.</exception>
    public static ServerCommand Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ScaleSetupException("--cmd is empty: give the server's command, with {port} where its port goes");
        }

        if (!text.Contains(PortPlaceholder, StringComparison.Ordinal))
        {
            throw new ScaleSetupException($"--cmd must say where each copy's port goes with {PortPlaceholder}, e.g. --cmd \"python3 -m http.server {PortPlaceholder} --bind 127.0.0.1\"");
        }

        var (words, needsShell) = Split(text);
        return words.Count == 0
            ? throw new ScaleSetupException("--cmd is empty: give the server's command, with {port} where its port goes")
            : new ServerCommand(text, words, needsShell);
    }

    /// <summary>The program and its arguments for a copy on <paramref name="port"/>.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) ForPort(int port)
    {
        var value = port.ToString(CultureInfo.InvariantCulture);
        return NeedsShell
            ? ("/bin/sh", ["-c", Text.Replace(PortPlaceholder, value, StringComparison.Ordinal)])
            : (_words[0].Replace(PortPlaceholder, value, StringComparison.Ordinal), _words.Skip(1).Select(w => w.Replace(PortPlaceholder, value, StringComparison.Ordinal)).ToArray());
    }

    /// <summary>Words as a shell splits them, and whether a character outside quotes asks for a real shell.</summary>
    internal static (IReadOnlyList<string> Words, bool NeedsShell) Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var needsShell = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case ' ' or '\t':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    break;
                case '\'':
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new ScaleSetupException("--cmd has an unclosed single quote");
                    }

                    word.Append(text, i + 1, close - i - 1);
                    i = close;
                    inWord = true;
                    break;
                case '"':
                    i = ReadDoubleQuoted(text, i + 1, word, ref needsShell);
                    inWord = true;
                    break;
                case '\\' when i + 1 < text.Length:
                    word.Append(text[++i]);
                    inWord = true;
                    break;
                default:
                    if (ShellCharacters.Contains(c, StringComparison.Ordinal))
                    {
                        needsShell = true;
                    }

                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return (words, needsShell);
    }

    /// <summary>Reads a double-quoted part from <paramref name="start"/>; returns the index of its closing quote.</summary>
    private static int ReadDoubleQuoted(string text, int start, StringBuilder word, ref bool needsShell)
    {
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                return i;
            }

            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
            {
                word.Append(text[++i]);
                continue;
            }

            // Inside double quotes a shell still expands $ and `: leave those to a real one.
            if (c is '$' or '`')
            {
                needsShell = true;
            }

            word.Append(c);
        }

        throw new ScaleSetupException("--cmd has an unclosed double quote");
    }
}
