using ScaleLab.Core.Units;

namespace ScaleLab.Cli.Commands;

/// <summary>Option values every command reads the same way: URLs, durations, files; bad input becomes a <see cref="UsageException"/>.</summary>
internal static class OptionParsing
{
    public static Uri ParseUrl(string url) => TargetUrl.Parse(url);

    public static TimeSpan ParseDuration(string? text, string option) =>
        DurationParser.TryParse(text, out var duration, out var error) ? duration : throw new UsageException($"{option}: {error}");

    /// <summary>An input file, bounded in size and type (see <see cref="InputFile"/>).</summary>
    public static string ReadFile(string path, string option) => InputFile.Read(path, option);
}
