using System.Text;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Http1;

/// <summary>
/// Turns a client's next request into HTTP/1.1 bytes. A static request is encoded once per run and the same
/// bytes are sent every time; templated requests are rendered into buffers the client owns and reuses.
/// </summary>
internal sealed class Http1RequestEncoder
{
    private readonly RequestMix _mix;
    private readonly string _hostHeader;
    private readonly Random _random;
    private readonly byte[]?[] _staticBytes;
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _body = new();
    // Only templated requests are rendered into it: allocated on the first, not for every connection of a run.
    private byte[] _buffer = [];

    public Http1RequestEncoder(RequestMix mix, string hostHeader, Random random, byte[]?[] sharedStaticBytes)
    {
        _mix = mix;
        _hostHeader = hostHeader;
        _random = random;
        _staticBytes = sharedStaticBytes;
    }

    /// <summary>
    /// The Host header of <paramref name="uri"/> (RFC 9110 §7.2): an IPv6 literal in brackets and without its zone
    /// (a zone means something only on this machine), the port only when it is not the scheme's default.
    /// </summary>
    public static string HostHeaderFor(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.IPv6
            ? $"[{uri.IdnHost.Trim('[', ']').Split('%')[0]}]"
            : uri.IdnHost;
        return uri.IsDefaultPort ? host : $"{host}:{uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>Encodes every static request of the mix once, to share between the run's clients.</summary>
    public static byte[]?[] EncodeStatic(RequestMix mix, string hostHeader)
    {
        var encoded = new byte[]?[mix.Requests.Count];
        var random = new Random(0);
        long sequence = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            if (mix.Requests[i].IsStatic)
            {
                encoded[i] = Encoding.UTF8.GetBytes(Render(mix.Requests[i], hostHeader, random, ref sequence, new StringBuilder(), new StringBuilder()));
            }
        }

        return encoded;
    }

    /// <summary>The checks of request number <paramref name="index"/>, or null when it has none.</summary>
    public CompiledExpectation? ExpectationOf(int index) => _mix.Requests[index].Expect;

    public ReadOnlyMemory<byte> Next(out bool isHead, out int index)
    {
        var request = _mix.Pick(_random);
        isHead = request.IsHead;
        index = _mix.Requests.Count == 1 ? 0 : _mix.IndexOf(request);
        if (_staticBytes[index] is { } bytes)
        {
            return bytes;
        }

        _text.Clear();
        _body.Clear();
        var text = Render(request, _hostHeader, _random, ref _mix.Sequence, _text, _body);
        var length = Encoding.UTF8.GetByteCount(text);
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, Math.Max(4096, _buffer.Length * 2))];
        }

        Encoding.UTF8.GetBytes(text, _buffer);
        return _buffer.AsMemory(0, length);
    }

    private static string Render(CompiledRequest request, string hostHeader, Random random, ref long sequence, StringBuilder text, StringBuilder body)
    {
        text.Append(request.Method).Append(' ');
        request.Target.Render(text, random, ref sequence);
        text.Append(" HTTP/1.1\r\n");
        var hasHost = false;
        foreach (var (name, value) in request.Headers)
        {
            hasHost |= name.Equals("Host", StringComparison.OrdinalIgnoreCase);
            text.Append(name).Append(": ");
            value.Render(text, random, ref sequence);
            text.Append("\r\n");
        }

        if (!hasHost)
        {
            text.Append("Host: ").Append(hostHeader).Append("\r\n");
        }

        string? renderedBody = null;
        if (request.Body is not null)
        {
            request.Body.Render(body, random, ref sequence);
            renderedBody = body.ToString();
        }

        // Framing is always the encoder's: CompiledRequest rejects a user's Content-Length or Transfer-Encoding.
        if (renderedBody is not null || request.Method is "POST" or "PUT" or "PATCH")
        {
            text.Append("Content-Length: ").Append(renderedBody is null ? 0 : Encoding.UTF8.GetByteCount(renderedBody)).Append("\r\n");
        }

        text.Append("\r\n");
        if (renderedBody is not null)
        {
            text.Append(renderedBody);
        }

        return text.ToString();
    }
}
