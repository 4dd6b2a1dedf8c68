using System.Text;

namespace ScaleLab.Load.Http1;

/// <summary>
/// Incremental parser for the HTTP/1.x responses on one connection, one response at a time, fed bytes as
/// reads return them.
/// </summary>
/// <remarks>
/// Hand-written rather than taken from a library because it sits on the engine's receive hot path: at tens of
/// thousands of responses a second, a parser that allocated header strings or buffered bodies would put the
/// load generator's own garbage collections into the latencies it measures. This one allocates once (its line
/// buffer), recognises the three headers that decide framing and reuse (Content-Length, Transfer-Encoding,
/// Connection) by comparing bytes, and counts the body instead of storing it. Framing follows RFC 9112 §6.3.
/// </remarks>
internal sealed class HttpResponseParser
{
    /// <summary>Limit on a header section (status line and headers), a trailer section or a chunk-size line.</summary>
    /// <remarks>
    /// Matches the common server default (Kestrel's 32 KiB request headers, nginx's 4 x 8 KiB buffers) with room
    /// to spare; past it the peer is broken or hostile, and the limit is what keeps the line buffer fixed.
    /// </remarks>
    public const int MaxHeaderBytes = 64 * 1024;

    private const string ErrorNotHttp = "response does not start with an HTTP/1.x status line";
    private const string ErrorStatusLine = "malformed status line (expected 'HTTP/1.x NNN reason')";
    private const string ErrorStatusRange = "status code outside 100-599";
    private const string ErrorHeaderTooLarge = "response header section exceeds 64 KiB";
    private const string ErrorTrailerTooLarge = "response trailer section exceeds 64 KiB";
    private const string ErrorChunkLineTooLarge = "chunk-size line exceeds 64 KiB";
    private const string ErrorHeaderLine = "malformed header line (no field name and colon)";
    private const string ErrorHeaderNameWhitespace = "whitespace between header field name and colon";
    private const string ErrorFoldAtStart = "header section starts with a folded line";
    private const string ErrorFoldedContentLength = "Content-Length header folded over several lines";
    private const string ErrorContentLength = "invalid Content-Length";
    private const string ErrorConflictingContentLength = "conflicting Content-Length values";
    private const string ErrorChunkSize = "invalid chunk size";
    private const string ErrorChunkSizeOverflow = "chunk size too large";
    private const string ErrorChunkTerminator = "chunk data not followed by CRLF";
    private const string ErrorClosedBeforeResponse = "connection closed before any response byte was received";
    private const string ErrorClosedMidResponse = "connection closed before the response was complete";

    // Only a line split across reads is copied, never a body, and that is rare: the buffer grows on demand (up to
    // MaxHeaderBytes) rather than taking 64 KB up front for each of thousands of connections.
    private byte[] _lineBuffer = [];
    private int _lineLength;
    private int _sectionBytes;

    private State _state;
    private bool _isHeadRequest;
    private bool _hasStarted;
    private int _statusCode;
    private bool _keepAlive;
    private long _bodyBytes;
    private long _remaining;
    private string? _error;

    // Per response head: a 1xx interim response's headers must not leak into the final response.
    private bool _isHttp10;
    private long _contentLength;
    private bool _hasTransferEncoding;
    private bool _chunked;
    private bool _connectionClose;
    private bool _connectionKeepAlive;
    private HeaderKind _lastHeader;

    public HttpResponseParser()
    {
        Reset(isHeadRequest: false);
    }

    private enum State
    {
        StatusLine,
        Headers,
        Body,
        BodyUntilClose,
        ChunkSize,
        ChunkData,
        ChunkDataCr,
        ChunkDataLf,
        Trailers,
        Done,
        Failed,
    }

    private enum HeaderKind
    {
        None,
        Other,
        ContentLength,
        TransferEncoding,
        Connection,
    }

    /// <summary>Final status code (1xx interim responses are skipped); 0 before a status line is parsed.</summary>
    public int StatusCode => _statusCode;

    /// <summary>
    /// Whether the connection can carry another request: false for <c>Connection: close</c>, for HTTP/1.0
    /// without <c>Connection: keep-alive</c>, for bodies delimited by close, and after a malformed response.
    /// </summary>
    public bool KeepAlive => _keepAlive;

    /// <summary>Payload bytes of the body so far, excluding chunk framing.</summary>
    public long BodyBytes => _bodyBytes;

    /// <summary>One-line reason when a call returned <see cref="ParseStatus.Malformed"/>.</summary>
    public string? Error => _error;

    /// <summary>Where to keep this response's headers and body; null (the plain path) keeps nothing.</summary>
    public ResponseCapture? Capture { get; set; }

    /// <summary>True once any byte of this response was consumed.</summary>
    public bool HasStarted => _hasStarted;

    /// <summary>Prepares for the next response on the connection.</summary>
    /// <param name="isHeadRequest">The response answers a HEAD, so it has no body whatever its headers say.</param>
    public void Reset(bool isHeadRequest)
    {
        _isHeadRequest = isHeadRequest;
        _state = State.StatusLine;
        _hasStarted = false;
        _statusCode = 0;
        _keepAlive = false;
        _bodyBytes = 0;
        _remaining = 0;
        _error = null;
        Capture?.Reset();
        ResetHead();
    }

    /// <summary>Consumes bytes of the response.</summary>
    /// <param name="data">Bytes read from the connection.</param>
    /// <param name="consumed">
    /// How many bytes of <paramref name="data"/> belong to this response: all of them for
    /// <see cref="ParseStatus.NeedMoreData"/>; for <see cref="ParseStatus.Complete"/>, the rest start the next one.
    /// </param>
    public ParseStatus Parse(ReadOnlySpan<byte> data, out int consumed)
    {
        var position = 0;
        var status = Run(data, ref position);
        consumed = position;
        if (position > 0)
        {
            _hasStarted = true;
        }

        return status;
    }

    /// <summary>
    /// Tells the parser the server closed the connection. Completes a body delimited by close; anything else
    /// unfinished is malformed.
    /// </summary>
    public ParseStatus OnEndOfStream()
    {
        switch (_state)
        {
            case State.Done:
                return ParseStatus.Complete;
            case State.Failed:
                return ParseStatus.Malformed;
            case State.BodyUntilClose:
                _state = State.Done;
                return ParseStatus.Complete;
            default:
                return Fail(_hasStarted ? ErrorClosedMidResponse : ErrorClosedBeforeResponse);
        }
    }

    private ParseStatus Run(ReadOnlySpan<byte> data, ref int position)
    {
        while (true)
        {
            switch (_state)
            {
                case State.Done:
                    return ParseStatus.Complete;

                case State.Failed:
                    return ParseStatus.Malformed;

                case State.StatusLine:
                case State.Headers:
                case State.ChunkSize:
                case State.Trailers:
                    if (!TryReadLine(data, ref position, out var line))
                    {
                        return _state == State.Failed ? ParseStatus.Malformed : ParseStatus.NeedMoreData;
                    }

                    ProcessLine(line);
                    break;

                case State.Body:
                case State.ChunkData:
                {
                    if (position == data.Length)
                    {
                        return ParseStatus.NeedMoreData;
                    }

                    var take = (int)Math.Min(_remaining, data.Length - position);
                    Capture?.AppendBody(data.Slice(position, take));
                    position += take;
                    _bodyBytes += take;
                    _remaining -= take;
                    if (_remaining == 0)
                    {
                        _state = _state == State.Body ? State.Done : State.ChunkDataCr;
                    }

                    break;
                }

                case State.BodyUntilClose:
                    Capture?.AppendBody(data[position..]);
                    _bodyBytes += data.Length - position;
                    position = data.Length;
                    return ParseStatus.NeedMoreData;

                case State.ChunkDataCr:
                case State.ChunkDataLf:
                {
                    // Byte by byte rather than as a line, so a missing CRLF fails at once instead of
                    // buffering whatever follows.
                    if (position == data.Length)
                    {
                        return ParseStatus.NeedMoreData;
                    }

                    var b = data[position++];
                    if (b == (byte)'\n')
                    {
                        EnterChunkSize();
                    }
                    else if (b == (byte)'\r' && _state == State.ChunkDataCr)
                    {
                        _state = State.ChunkDataLf;
                    }
                    else
                    {
                        Fail(ErrorChunkTerminator);
                    }

                    break;
                }
            }
        }
    }

    /// <summary>
    /// Returns the next whole line without its line ending (CRLF or bare LF), straight from
    /// <paramref name="data"/> when it was not split across reads. Otherwise buffers the partial line, consuming
    /// all of data, and returns false.
    /// </summary>
    private bool TryReadLine(ReadOnlySpan<byte> data, ref int position, out ReadOnlySpan<byte> line)
    {
        line = default;
        var rest = data[position..];
        var lf = rest.IndexOf((byte)'\n');
        var take = lf < 0 ? rest.Length : lf + 1;

        // The buffered part of a line is part of its section, so bounding the section bounds the buffer.
        if (take > MaxHeaderBytes - _sectionBytes)
        {
            Fail(_state switch
            {
                State.Trailers => ErrorTrailerTooLarge,
                State.ChunkSize => ErrorChunkLineTooLarge,
                _ => ErrorHeaderTooLarge,
            });
            return false;
        }

        _sectionBytes += take;
        position += take;

        if (lf < 0)
        {
            EnsureLineCapacity(_lineLength + rest.Length);
            rest.CopyTo(_lineBuffer.AsSpan(_lineLength));
            _lineLength += rest.Length;
            if (_state == State.StatusLine && !IsStatusLinePrefix(_lineBuffer.AsSpan(0, _lineLength)))
            {
                // Fail now: a server answering with something other than HTTP may never send a newline.
                Fail(ErrorNotHttp);
            }

            return false;
        }

        if (_lineLength == 0)
        {
            line = rest[..lf];
        }
        else
        {
            EnsureLineCapacity(_lineLength + lf);
            rest[..lf].CopyTo(_lineBuffer.AsSpan(_lineLength));
            line = _lineBuffer.AsSpan(0, _lineLength + lf);
            _lineLength = 0;
        }

        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        return true;
    }

    private void EnsureLineCapacity(int needed)
    {
        if (_lineBuffer.Length < needed)
        {
            Array.Resize(ref _lineBuffer, Math.Min(MaxHeaderBytes, Math.Max(needed, Math.Max(256, _lineBuffer.Length * 2))));
        }
    }

    private void ProcessLine(ReadOnlySpan<byte> line)
    {
        switch (_state)
        {
            case State.StatusLine:
                ParseStatusLine(line);
                break;
            case State.Headers:
                ParseHeaderLine(line);
                break;
            case State.ChunkSize:
                ParseChunkSizeLine(line);
                break;
            case State.Trailers:
                ParseTrailerLine(line);
                break;
        }
    }

    private static bool IsStatusLinePrefix(ReadOnlySpan<byte> partial)
    {
        var prefix = "HTTP/1."u8;
        var length = Math.Min(partial.Length, prefix.Length);
        return partial[..length].SequenceEqual(prefix[..length]);
    }

    private void ParseStatusLine(ReadOnlySpan<byte> line)
    {
        // HTTP-version SP 3DIGIT SP [reason]; the protocol name is case-sensitive (RFC 9112 §2.3), and
        // "HTTP/1.1 200" without the second space is tolerated because real servers send it.
        if (!line.StartsWith("HTTP/1."u8))
        {
            Fail(ErrorNotHttp);
            return;
        }

        if (line.Length < 12
            || !IsDigit(line[7])
            || line[8] != (byte)' '
            || line[9] < (byte)'1' || line[9] > (byte)'9'
            || !IsDigit(line[10])
            || !IsDigit(line[11])
            || (line.Length > 12 && line[12] != (byte)' '))
        {
            Fail(ErrorStatusLine);
            return;
        }

        var statusCode = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
        if (statusCode > 599)
        {
            // RFC 9110 §15 defines the classes 1xx to 5xx only: a 999 is a broken server, not a server error.
            Fail(ErrorStatusRange);
            return;
        }

        _isHttp10 = line[7] == (byte)'0';
        _statusCode = statusCode;
        _state = State.Headers;
    }

    private void ParseHeaderLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            EndOfHeaders();
            return;
        }

        if (IsOws(line[0]))
        {
            ParseFoldedLine(TrimOws(line));
            return;
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            Fail(ErrorHeaderLine);
            return;
        }

        var name = line[..colon];
        if (IsOws(name[^1]))
        {
            // RFC 9112 §5.1: such whitespace is how response-splitting attacks disagree with proxies.
            Fail(ErrorHeaderNameWhitespace);
            return;
        }

        if (_statusCode < 200)
        {
            // Interim responses carry no content; their headers say nothing about the final response.
            _lastHeader = HeaderKind.Other;
            return;
        }

        var value = TrimOws(line[(colon + 1)..]);
        Capture?.AddHeader(name, value);
        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            _lastHeader = HeaderKind.ContentLength;
            ApplyContentLength(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            _lastHeader = HeaderKind.TransferEncoding;
            ApplyTransferEncoding(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
        {
            _lastHeader = HeaderKind.Connection;
            ApplyConnection(value);
        }
        else
        {
            _lastHeader = HeaderKind.Other;
        }
    }

    private void ParseFoldedLine(ReadOnlySpan<byte> continuation)
    {
        // Obsolete line folding (RFC 9112 §5.2): a user agent reads it as a space, which for the list-valued
        // headers we track means more list elements.
        switch (_lastHeader)
        {
            case HeaderKind.None:
                Fail(ErrorFoldAtStart);
                break;
            case HeaderKind.ContentLength:
                Fail(ErrorFoldedContentLength);
                break;
            case HeaderKind.TransferEncoding:
                ApplyTransferEncoding(continuation);
                break;
            case HeaderKind.Connection:
                ApplyConnection(continuation);
                break;
        }
    }

    private void ApplyContentLength(ReadOnlySpan<byte> value)
    {
        // A list of identical values ("5, 5") is what a repeated header folds into; RFC 9110 §8.6 lets a
        // recipient accept it. Anything else that disagrees is a framing attack or a broken server.
        while (true)
        {
            var comma = value.IndexOf((byte)',');
            var element = TrimOws(comma < 0 ? value : value[..comma]);
            if (!TryParseDecimal(element, out var length))
            {
                Fail(ErrorContentLength);
                return;
            }

            if (_contentLength >= 0 && _contentLength != length)
            {
                Fail(ErrorConflictingContentLength);
                return;
            }

            _contentLength = length;
            if (comma < 0)
            {
                return;
            }

            value = value[(comma + 1)..];
        }
    }

    private void ApplyTransferEncoding(ReadOnlySpan<byte> value)
    {
        // Only the last coding decides framing (RFC 9112 §6.3): chunked last means chunked, anything else
        // means the body runs to the close. Later header lines append codings, so the last line wins.
        var last = ReadOnlySpan<byte>.Empty;
        while (true)
        {
            var comma = value.IndexOf((byte)',');
            var element = TrimOws(comma < 0 ? value : value[..comma]);
            if (!element.IsEmpty)
            {
                last = element;
            }

            if (comma < 0)
            {
                break;
            }

            value = value[(comma + 1)..];
        }

        if (!last.IsEmpty)
        {
            _hasTransferEncoding = true;
            _chunked = Ascii.EqualsIgnoreCase(last, "chunked"u8);
        }
    }

    private void ApplyConnection(ReadOnlySpan<byte> value)
    {
        while (true)
        {
            var comma = value.IndexOf((byte)',');
            var element = TrimOws(comma < 0 ? value : value[..comma]);
            if (Ascii.EqualsIgnoreCase(element, "close"u8))
            {
                _connectionClose = true;
            }
            else if (Ascii.EqualsIgnoreCase(element, "keep-alive"u8))
            {
                _connectionKeepAlive = true;
            }

            if (comma < 0)
            {
                return;
            }

            value = value[(comma + 1)..];
        }
    }

    private void EndOfHeaders()
    {
        if (_statusCode < 200 && _statusCode != 101)
        {
            // 100 Continue, 103 Early Hints: the final response follows on the same connection.
            ResetHead();
            _state = State.StatusLine;
            return;
        }

        // After 101 the connection speaks another protocol, so it cannot carry another HTTP/1.1 request.
        _keepAlive = !_connectionClose && (!_isHttp10 || _connectionKeepAlive) && _statusCode != 101;

        if (_isHeadRequest || _statusCode < 200 || _statusCode == 204 || _statusCode == 304)
        {
            _state = State.Done;
        }
        else if (_chunked)
        {
            EnterChunkSize();
        }
        else if (_hasTransferEncoding)
        {
            EnterBodyUntilClose();
        }
        else if (_contentLength >= 0)
        {
            _remaining = _contentLength;
            _state = _remaining == 0 ? State.Done : State.Body;
        }
        else
        {
            EnterBodyUntilClose();
        }
    }

    private void EnterBodyUntilClose()
    {
        _keepAlive = false;
        _state = State.BodyUntilClose;
    }

    private void EnterChunkSize()
    {
        _sectionBytes = 0;
        _state = State.ChunkSize;
    }

    private void ParseChunkSizeLine(ReadOnlySpan<byte> line)
    {
        // chunk-size [ BWS ";" chunk-ext ] (RFC 9112 §7.1); extensions are skipped, not interpreted.
        long size = 0;
        var i = 0;
        for (; i < line.Length; i++)
        {
            var digit = HexValue(line[i]);
            if (digit < 0)
            {
                break;
            }

            if (size > long.MaxValue >> 4)
            {
                Fail(ErrorChunkSizeOverflow);
                return;
            }

            size = (size << 4) | (long)digit;
        }

        var rest = TrimOws(line[i..]);
        if (i == 0 || (!rest.IsEmpty && rest[0] != (byte)';'))
        {
            Fail(ErrorChunkSize);
            return;
        }

        if (size == 0)
        {
            _sectionBytes = 0;
            _state = State.Trailers;
        }
        else
        {
            _remaining = size;
            _state = State.ChunkData;
        }
    }

    private void ParseTrailerLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            _state = State.Done;
        }
        else if (!IsOws(line[0]) && line.IndexOf((byte)':') <= 0)
        {
            Fail(ErrorHeaderLine);
        }
    }

    private void ResetHead()
    {
        _lineLength = 0;
        _sectionBytes = 0;
        _isHttp10 = false;
        _contentLength = -1;
        _hasTransferEncoding = false;
        _chunked = false;
        _connectionClose = false;
        _connectionKeepAlive = false;
        _lastHeader = HeaderKind.None;
    }

    private ParseStatus Fail(string error)
    {
        _error = error;
        _keepAlive = false;
        _state = State.Failed;
        return ParseStatus.Malformed;
    }

    private static bool TryParseDecimal(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var b in digits)
        {
            if (!IsDigit(b))
            {
                return false;
            }

            var digit = b - '0';
            if (value > (long.MaxValue - digit) / 10)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool IsOws(byte b) => b is (byte)' ' or (byte)'\t';

    private static ReadOnlySpan<byte> TrimOws(ReadOnlySpan<byte> span)
    {
        var start = 0;
        while (start < span.Length && IsOws(span[start]))
        {
            start++;
        }

        var end = span.Length;
        while (end > start && IsOws(span[end - 1]))
        {
            end--;
        }

        return span[start..end];
    }
}
