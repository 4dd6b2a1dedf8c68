namespace ScaleLab.Cli;

/// <summary>The command line as the user typed it, for results.</summary>
internal static class CommandLine
{
    public static string Current() =>
        string.Join(' ', new[] { "scalelab" }.Concat(Environment.GetCommandLineArgs().Skip(1).Select(Quote)));

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? argument : $"'{argument.Replace("'", "'\\''")}'";
}
