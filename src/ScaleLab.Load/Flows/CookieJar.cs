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
        var semicolon = header.IndexOf(';', StringComparison.Ordinal);
        var pair = semicolon < 0 ? header.AsSpan() : header.AsSpan(0, semicolon);
        var equals = pair.IndexOf('=');
        if (equals <= 0)
        {
            return;
        }

        var name = pair[..equals].Trim();
        var value = pair[(equals + 1)..].Trim();
        var expired = semicolon >= 0 && IsExpired(header.AsSpan(semicolon + 1), now);
        for (var i = 0; i < _cookies.Count; i++)
        {
            if (name.SequenceEqual(_cookies[i].Key))
            {
                if (expired)
                {
                    _cookies.RemoveAt(i);
                }
                else if (!value.SequenceEqual(_cookies[i].Value))
                {
                    _cookies[i] = new(_cookies[i].Key, value.ToString());
                }

                return;
            }
        }

        if (!expired)
        {
            _cookies.Add(new(name.ToString(), value.ToString()));
        }
    }

    /// <summary>True when the attributes say the cookie is gone: <c>Max-Age</c> of 0 or less, or an <c>Expires</c> in the past.</summary>
    private static bool IsExpired(ReadOnlySpan<char> attributes, DateTimeOffset now)
    {
        foreach (var range in attributes.Split(';'))
        {
            var attribute = attributes[range].Trim();
            if (attribute.StartsWith("max-age=", StringComparison.OrdinalIgnoreCase))
            {
                return long.TryParse(attribute[8..], System.Globalization.CultureInfo.InvariantCulture, out var age) && age <= 0;
            }

            if (attribute.StartsWith("expires=", StringComparison.OrdinalIgnoreCase)
                && DateTimeOffset.TryParse(attribute[8..], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var expires))
            {
                return expires <= now;
            }
        }

        return false;
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
