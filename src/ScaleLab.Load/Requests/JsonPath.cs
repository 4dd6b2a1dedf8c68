using System.Globalization;
using System.Text.Json;

namespace ScaleLab.Load.Requests;

/// <summary>
/// The JSON paths of checks and extractions: <c>$.user.id</c> or <c>user.id</c>, with array indices
/// (<c>posts[0].id</c>) and <c>length</c> for an array's length. Enough to reach one value, which is what a check or
/// an extraction needs; no filters or wildcards.
/// </summary>
internal sealed class JsonPath
{
    private readonly object[] _segments;

    private JsonPath(string text, object[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    /// <summary>Parses a path; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static JsonPath Parse(string text)
    {
        var rest = text.Trim();
        if (rest.StartsWith('$'))
        {
            rest = rest[1..];
        }

        var segments = new List<object>();
        var i = 0;
        while (i < rest.Length)
        {
            if (rest[i] == '.')
            {
                i++;
                continue;
            }

            if (rest[i] == '[')
            {
                var close = rest.IndexOf(']', i);
                if (close < 0 || !int.TryParse(rest.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    throw new FormatException($"JSON path '{text}': '[' must hold an index, as in posts[0]");
                }

                segments.Add(index);
                i = close + 1;
                continue;
            }

            var end = rest.IndexOfAny(['.', '['], i);
            end = end < 0 ? rest.Length : end;
            segments.Add(rest[i..end]);
            i = end;
        }

        return segments.Count > 0 ? new JsonPath(text, [.. segments]) : throw new FormatException($"JSON path '{text}' names no field (write $.field)");
    }

    /// <summary>The value at the path as text (a string's value, any other value's JSON), or null when there is none.</summary>
    public string? Find(JsonElement root)
    {
        var current = root;
        foreach (var segment in _segments)
        {
            if (segment is int index)
            {
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
            }
            else if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty((string)segment, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && (string)segment == "length")
            {
                return current.GetArrayLength().ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.String ? current.GetString() : current.GetRawText();
    }

    /// <summary>True when <paramref name="found"/> is <paramref name="expected"/>: as numbers when both are, as text otherwise.</summary>
    public static bool Matches(string? found, string expected) =>
        found is not null && (found == expected
            || (double.TryParse(found, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                && double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && a == b));
}
