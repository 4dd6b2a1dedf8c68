using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ScaleLab.Load.Http1;

namespace ScaleLab.Load.Requests;

/// <summary>
/// A <see cref="ResponseExpectation"/> made ready: its checks numbered and labelled (the labels are the keys of
/// <c>checks</c> after the request's name), regular expressions compiled, paths parsed.
/// </summary>
internal sealed class CompiledExpectation
{
    private readonly List<Func<int, ResponseCapture, JsonElement?, string?[]?, bool>> _checks = [];
    private readonly List<string> _labels = [];

    private CompiledExpectation()
    {
    }

    public IReadOnlyList<string> Labels => _labels;

    public bool NeedsBody { get; private set; }

    public bool NeedsJson { get; private set; }

    /// <summary>The headers the checks read.</summary>
    public IReadOnlyList<string> HeaderNames => _headerNames;

    private readonly List<string> _headerNames = [];

    /// <param name="expectation">The checks.</param>
    /// <param name="where">The request, for messages.</param>
    /// <param name="variable">In a flow, the number of a variable by name: an expected JSON value may be <c>{{userId}}</c>.</param>
    public static CompiledExpectation Compile(ResponseExpectation expectation, string where, Func<string, int>? variable = null)
    {
        var compiled = new CompiledExpectation();
        if (expectation.Status is { Count: > 0 } statuses)
        {
            var matchers = statuses.Select(s => StatusMatcher(s, where)).ToArray();
            compiled.Add($"status {string.Join("|", statuses)}", (status, _, _, _) =>
            {
                foreach (var matches in matchers)
                {
                    if (matches(status))
                    {
                        return true;
                    }
                }

                return false;
            });
        }

        if (expectation.BodyContains is { } text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            compiled.NeedsBody = true;
            compiled.Add($"body contains \"{text}\"", (_, capture, _, _) => capture.Body.IndexOf(bytes) >= 0);
        }

        foreach (var (path, expected) in expectation.Json ?? new Dictionary<string, string>())
        {
            var parsed = Parse(() => JsonPath.Parse(path), where);
            var template = Parse(() => ValueTemplate.Parse(expected, variable), where);
            compiled.NeedsBody = compiled.NeedsJson = true;
            compiled.Add($"json {path} = {expected}", (_, _, json, variables) => json is { } root
                && JsonPath.Matches(parsed.Find(root), template.IsStatic ? expected : Render(template, variables)));
        }

        foreach (var (name, pattern) in expectation.Header ?? new Dictionary<string, string>())
        {
            var regex = Parse(() => new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), $"{where}: header '{name}'");
            compiled._headerNames.Add(name);
            compiled.Add($"header {name} ~ {pattern}", (_, capture, _, _) =>
                capture.Headers.Any(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase) && regex.IsMatch(h.Value)));
        }

        return compiled;
    }

    /// <summary>The body as JSON when a check or an extraction needs it; null when it is not JSON.</summary>
    public static JsonDocument? ParseJson(ResponseCapture capture)
    {
        try
        {
            return JsonDocument.Parse(capture.BodyMemory);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Bit i set for each check i that failed.</summary>
    public ulong Evaluate(int status, ResponseCapture capture, JsonElement? json, string?[]? variables = null)
    {
        ulong failed = 0;
        for (var i = 0; i < _checks.Count; i++)
        {
            if (!_checks[i](status, capture, json, variables))
            {
                failed |= 1UL << i;
            }
        }

        return failed;
    }

    private static string Render(ValueTemplate template, string?[]? variables)
    {
        long sequence = 0;
        return template.Render(Random.Shared, ref sequence, variables);
    }

    private void Add(string label, Func<int, ResponseCapture, JsonElement?, string?[]?, bool> check)
    {
        _labels.Add(label);
        _checks.Add(check);
    }

    private static Func<int, bool> StatusMatcher(string text, string where)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t.Length == 3 && t[0] is >= '1' and <= '5' && t[1..] == "xx")
        {
            var cls = t[0] - '0';
            return status => status / 100 == cls;
        }

        return int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599
            ? status => status == code
            : throw new FormatException($"{where}: expect.status '{text}' is not a status (200) or a class (2xx)");
    }

    private static T Parse<T>(Func<T> parse, string where)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new FormatException($"{where}: {ex.Message.Split('\n')[0]}");
        }
    }
}
