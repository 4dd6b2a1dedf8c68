using System.Text;

namespace ScaleLab.Load.Http1;

/// <summary>
/// The headers and the body of one response, kept by <see cref="HttpResponseParser"/> only for the requests whose
/// checks, extractions or cookies need them; the plain path gives the parser none and stays allocation-free.
/// </summary>
internal sealed class ResponseCapture
{
    /// <summary>The most body bytes kept: checks and extractions see the first mebibyte of a larger body.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private readonly List<KeyValuePair<string, string>> _headers = [];
    private byte[] _body = [];
    private int _bodyLength;

    /// <summary>True when the body is to be kept too (headers always are).</summary>
    public bool KeepBody { get; set; }

    /// <summary>
    /// The headers worth keeping (case-insensitive), or null for all: a flow keeps Set-Cookie and the headers its
    /// checks and extractions name, and turns no other header into strings.
    /// </summary>
    public string[]? KeepHeaders { get; set; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    public ReadOnlySpan<byte> Body => _body.AsSpan(0, _bodyLength);

    /// <summary>The body without a copy; valid until the next response.</summary>
    public ReadOnlyMemory<byte> BodyMemory => _body.AsMemory(0, _bodyLength);

    /// <summary>True when the body was longer than <see cref="MaxBodyBytes"/> and only its start was kept.</summary>
    public bool Truncated { get; private set; }

    public void Reset()
    {
        _headers.Clear();
        _bodyLength = 0;
        Truncated = false;
    }

    public void AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (KeepHeaders is { } keep && !Wanted(keep, name))
        {
            return;
        }

        _headers.Add(new(Encoding.ASCII.GetString(name), Encoding.UTF8.GetString(value)));
    }

    private static bool Wanted(string[] keep, ReadOnlySpan<byte> name)
    {
        foreach (var wanted in keep)
        {
            if (Ascii.EqualsIgnoreCase(name, wanted))
            {
                return true;
            }
        }

        return false;
    }

    public void AddHeader(string name, string value)
    {
        if (KeepHeaders is null || KeepHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            _headers.Add(new(name, value));
        }
    }

    public void AppendBody(ReadOnlySpan<byte> data)
    {
        if (!KeepBody || data.IsEmpty)
        {
            return;
        }

        var take = Math.Min(data.Length, MaxBodyBytes - _bodyLength);
        Truncated |= take < data.Length;
        if (take <= 0)
        {
            return;
        }

        if (_body.Length < _bodyLength + take)
        {
            Array.Resize(ref _body, Math.Min(MaxBodyBytes, Math.Max(_bodyLength + take, Math.Max(4096, _body.Length * 2))));
        }

        data[..take].CopyTo(_body.AsSpan(_bodyLength));
        _bodyLength += take;
    }

    /// <summary>The first value of header <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        foreach (var (key, value) in _headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
