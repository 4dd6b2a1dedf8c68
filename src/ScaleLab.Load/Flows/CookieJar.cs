using System.Text;

namespace ScaleLab.Load.Flows;

/// <summary>
/// One virtual user's cookies. A run loads one origin, so domains and paths don't sort cookies here: every cookie the
/// target set is sent back until it expires (<c>Max-Age=0</c> or a past <c>Expires</c> removes it).
/// </summary>
internal sealed class CookieJar
{
    private readonly List<KeyValuePair<string, string>> _cookies = [];

    public int Count => _cookies.Count;

    public void Clear() => _cookies.Clear();

    /// <summary>Applies one <c>Set-Cookie</c> header value.</summary>
    public void Set(string header, DateTimeOffset now)
    {
        var parts = header.Split(';', StringSplitOptions.TrimEntries);
        var equals = parts[0].IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return;
        }

        var name = parts[0][..equals].Trim();
        var value = parts[0][(equals + 1)..].Trim();
        var expired = parts.Skip(1).Any(attribute =>
            (attribute.StartsWith("max-age=", StringComparison.OrdinalIgnoreCase) && long.TryParse(attribute[8..], out var age) && age <= 0)
            || (attribute.StartsWith("expires=", StringComparison.OrdinalIgnoreCase) && DateTimeOffset.TryParse(attribute[8..], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var expires) && expires <= now));
        _cookies.RemoveAll(c => c.Key == name);
        if (!expired)
        {
            _cookies.Add(new(name, value));
        }
    }

    /// <summary>Appends the <c>Cookie</c> header's value: "a=1; b=2".</summary>
    public void AppendHeaderValue(StringBuilder output)
    {
        for (var i = 0; i < _cookies.Count; i++)
        {
            if (i > 0)
            {
                output.Append("; ");
            }

            output.Append(_cookies[i].Key).Append('=').Append(_cookies[i].Value);
        }
    }
}
